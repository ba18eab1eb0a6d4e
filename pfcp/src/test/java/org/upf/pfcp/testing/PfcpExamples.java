package org.upf.pfcp.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.BitRate;
import org.upf.pfcp.ie.DownlinkDataServiceInformation;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.FqCsid;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.IpAddressesIe;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.OctetsIe;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.OuterHeaderRemoval;
import org.upf.pfcp.ie.RemoteGtpuPeer;
import org.upf.pfcp.ie.SdfFilter;
import org.upf.pfcp.ie.UeIpAddress;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.VolumeIe;

import static org.upf.pfcp.ie.IeType.*;

/**
 * A fully populated, realistic example of every PFCP message type (TS 29.244 §7.4, §7.5), as an SMF at
 * 198.18.0.1 and a UPF at 198.18.0.2 would exchange them for a PDU session of UE 198.19.0.10 behind gNB
 * 198.18.0.3: uplink and downlink PDRs with F-TEID, UE IP, QFI and SDF filter, FARs with Outer Header
 * Creation, a volume/time URR, a QER with MBR/GBR, a BAR, usage reports, rejections with Offending IE.
 * IEs the codec does not type (PFD contents) are built from their octets per their TS 29.244 clause.
 */
public final class PfcpExamples {
    public static final long CP_SEID = 0x0000_0001_0000_00A1L;
    public static final long UP_SEID = 0x0000_0002_0000_00B2L;
    public static final long RECOVERY = 3_900_000_000L;
    public static final byte[] SMF = ip("198.18.0.1");
    public static final byte[] UPF = ip("198.18.0.2");
    public static final byte[] GNB = ip("198.18.0.3");
    public static final byte[] UE = ip("198.19.0.10");
    public static final byte[] UPF_V6 = ip("2001:db8::2");
    public static final long UL_TEID = 0x0000_1001L;
    public static final long DL_TEID = 0x0000_2002L;
    public static final long MBR_UL_KBPS = 100_000;
    public static final long MBR_DL_KBPS = 200_000;
    public static final long VOLUME_OCTETS = 1_000_000_000L;

    private PfcpExamples() {
    }

    /** One example per message type, sequence numbers 1.. in enum order. */
    public static Map<PfcpMessageType, PfcpMessage> all() {
        Map<PfcpMessageType, PfcpMessage> all = new EnumMap<>(PfcpMessageType.class);
        int seq = 1;
        for (PfcpMessageType t : PfcpMessageType.values()) {
            PfcpMessage.Builder b = PfcpMessage.builder(t).sequence(seq++);
            if (t.isSessionMessage()) {
                b.seid(t.isRequest() ? UP_SEID : CP_SEID);
            }
            all.put(t, populate(t, b).build());
        }
        return all;
    }

    /**
     * A Session Establishment Request with every ID at its maximum (PDR ID 65535, FAR/URR/QER ID 0xFFFFFFFF,
     * BAR ID 255, SEIDs 2^64-1, sequence 2^24-1, priority 15): values that crashed other UPFs (open5gs #4169).
     */
    public static PfcpMessage maxIds() {
        long max32 = 0xFFFF_FFFFL;
        return PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST).seid(-1L)
                .sequence(0xFF_FFFF).priority(15)
                .nodeId(smf()).add(FSeid.of(-1L, SMF, null))
                .add(group(CREATE_PDR, UintIe.of(PDR_ID, 2, 0xFFFF), UintIe.of(PRECEDENCE, 4, max32),
                        group(PDI, UintIe.of(SOURCE_INTERFACE, 1, 0), FTeid.of(max32, UPF, null)),
                        UintIe.of(FAR_ID, 4, max32), UintIe.of(URR_ID, 4, max32), UintIe.of(QER_ID, 4, max32)))
                .add(group(CREATE_FAR, UintIe.of(FAR_ID, 4, max32), applyAction("FORW"),
                        group(FORWARDING_PARAMETERS, UintIe.of(DESTINATION_INTERFACE, 1, 0),
                                outerHeaderCreation(max32, GNB))))
                .add(group(CREATE_URR, UintIe.of(URR_ID, 4, max32), FlagsIe.of(MEASUREMENT_METHOD, "VOLUM"),
                        reportingTriggers(), volumeThreshold(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)))
                .add(group(CREATE_QER, UintIe.of(QER_ID, 4, max32), UintIe.of(GATE_STATUS, 1, 0),
                        BitRate.mbr(0xFF_FFFF_FFFFL, 0xFF_FFFF_FFFFL)))
                .add(group(CREATE_BAR, UintIe.of(BAR_ID, 1, 0xFF)))
                .build();
    }

    private static PfcpMessage.Builder populate(PfcpMessageType t, PfcpMessage.Builder b) {
        switch (t) {
            case HEARTBEAT_REQUEST:
            case HEARTBEAT_RESPONSE:
                return b.recoveryTimeStamp(RECOVERY);
            case PFD_MANAGEMENT_REQUEST:
                return b.add(group(APPLICATION_IDS_PFDS, OctetsIe.text(APPLICATION_ID, "video-streaming"),
                        group(PFD_CONTEXT, pfdContents("permit out ip from 198.18.100.0/24 to any"))));
            case PFD_MANAGEMENT_RESPONSE:
                // A rejection names the offending IE (§7.4.3.2, §8.2.22).
                return b.cause(PfcpCause.MANDATORY_IE_MISSING).offendingIe(APPLICATION_ID.code()).nodeId(upf());
            case ASSOCIATION_SETUP_REQUEST:
                return b.nodeId(smf()).recoveryTimeStamp(RECOVERY)
                        .add(FlagsIe.of(CP_FUNCTION_FEATURES, "LOAD", "OVRL"));
            case ASSOCIATION_SETUP_RESPONSE:
                return b.nodeId(upf()).cause(PfcpCause.REQUEST_ACCEPTED).recoveryTimeStamp(RECOVERY)
                        .add(FlagsIe.of(UP_FUNCTION_FEATURES, "FTUP", "EMPU", "UEIP"));
            case ASSOCIATION_UPDATE_REQUEST:
                return b.nodeId(upf()).add(FlagsIe.of(UP_FUNCTION_FEATURES, "FTUP"))
                        .add(FlagsIe.of(PFCP_ASSOCIATION_RELEASE_REQUEST, "SARR"))
                        .add(UintIe.of(GRACEFUL_RELEASE_PERIOD, 1, 0x21));
            case ASSOCIATION_UPDATE_RESPONSE:
            case ASSOCIATION_RELEASE_RESPONSE:
            case NODE_REPORT_RESPONSE:
            case SESSION_SET_DELETION_RESPONSE:
            case SESSION_SET_MODIFICATION_RESPONSE:
                return b.nodeId(t == PfcpMessageType.NODE_REPORT_RESPONSE ? smf() : upf())
                        .cause(PfcpCause.REQUEST_ACCEPTED);
            case ASSOCIATION_RELEASE_REQUEST:
                return b.nodeId(smf());
            case VERSION_NOT_SUPPORTED_RESPONSE:
                return b; // header only (§7.4.4.7)
            case NODE_REPORT_REQUEST:
                return b.nodeId(upf()).add(FlagsIe.of(NODE_REPORT_TYPE, "UPFR"))
                        .add(group(USER_PLANE_PATH_FAILURE_REPORT, remoteGtpuPeer(GNB)));
            case SESSION_SET_DELETION_REQUEST:
                return b.nodeId(smf()).add(fqCsid(SMF, 0x0102));
            case SESSION_SET_MODIFICATION_REQUEST:
                // §8.2.129 Alternative SMF IP Address: flags V4 (bit 2) | V6 (bit 1), then the address
                return b.add(new IpAddressesIe(ALTERNATIVE_SMF_IP_ADDRESS.code(), 0x02, ip("198.18.0.11"), null))
                        .add(fqCsid(SMF, 0x0102));
            case SESSION_ESTABLISHMENT_REQUEST:
                return b.nodeId(smf()).add(FSeid.of(CP_SEID, SMF, null))
                        .add(uplinkPdr(1, 1)).add(downlinkPdr(2, 2))
                        .add(group(CREATE_FAR, UintIe.of(FAR_ID, 4, 1), applyAction("FORW"),
                                group(FORWARDING_PARAMETERS, UintIe.of(DESTINATION_INTERFACE, 1, 1),
                                        OctetsIe.dnsName(NETWORK_INSTANCE, "internet"))))
                        .add(group(CREATE_FAR, UintIe.of(FAR_ID, 4, 2), applyAction("FORW"),
                                group(FORWARDING_PARAMETERS, UintIe.of(DESTINATION_INTERFACE, 1, 0),
                                        outerHeaderCreation(DL_TEID, GNB))))
                        .add(group(CREATE_URR, UintIe.of(URR_ID, 4, 1), FlagsIe.of(MEASUREMENT_METHOD, "DURAT", "VOLUM"),
                                reportingTriggers(), volumeThreshold(VOLUME_OCTETS, VOLUME_OCTETS / 4,
                                        VOLUME_OCTETS * 3 / 4), UintIe.of(TIME_THRESHOLD, 4, 3600)))
                        .add(group(CREATE_QER, UintIe.of(QER_ID, 4, 1), UintIe.of(GATE_STATUS, 1, 0),
                                BitRate.mbr(MBR_UL_KBPS, MBR_DL_KBPS), BitRate.gbr(10_000, 20_000),
                                UintIe.of(QFI, 1, 9)))
                        .add(group(CREATE_BAR, UintIe.of(BAR_ID, 1, 1), UintIe.of(SUGGESTED_BUFFERING_PACKETS_COUNT, 1, 10)))
                        .add(UintIe.of(PDN_TYPE, 1, 1))
                        .add(OctetsIe.dnsName(APN_DNN, "internet"));
            case SESSION_ESTABLISHMENT_RESPONSE:
                return b.nodeId(upf()).cause(PfcpCause.REQUEST_ACCEPTED).add(FSeid.of(UP_SEID, UPF, UPF_V6))
                        .add(group(CREATED_PDR, UintIe.of(PDR_ID, 2, 1), FTeid.of(UL_TEID, UPF, null)));
            case SESSION_MODIFICATION_REQUEST:
                return b.add(group(REMOVE_PDR, UintIe.of(PDR_ID, 2, 3)))
                        .add(group(REMOVE_FAR, UintIe.of(FAR_ID, 4, 3)))
                        .add(group(REMOVE_URR, UintIe.of(URR_ID, 4, 3)))
                        .add(group(REMOVE_QER, UintIe.of(QER_ID, 4, 3)))
                        .add(uplinkPdr(4, 4))
                        .add(group(UPDATE_PDR, UintIe.of(PDR_ID, 2, 2), UintIe.of(PRECEDENCE, 4, 100),
                                UintIe.of(FAR_ID, 4, 2)))
                        .add(group(UPDATE_FAR, UintIe.of(FAR_ID, 4, 2), applyAction("FORW"),
                                group(UPDATE_FORWARDING_PARAMETERS, UintIe.of(DESTINATION_INTERFACE, 1, 0),
                                        outerHeaderCreation(DL_TEID + 1, GNB))))
                        .add(group(UPDATE_URR, UintIe.of(URR_ID, 4, 1),
                                volumeThreshold(2 * VOLUME_OCTETS, VOLUME_OCTETS, VOLUME_OCTETS)))
                        .add(group(UPDATE_QER, UintIe.of(QER_ID, 4, 1), BitRate.mbr(2 * MBR_UL_KBPS, 2 * MBR_DL_KBPS)))
                        .add(group(QUERY_URR, UintIe.of(URR_ID, 4, 1)))
                        .add(FlagsIe.of(PFCPSMREQ_FLAGS, "QAURR"));
            case SESSION_MODIFICATION_RESPONSE:
                return b.cause(PfcpCause.REQUEST_ACCEPTED).add(usageReport(USAGE_REPORT_SESSION_MODIFICATION_RESPONSE));
            case SESSION_DELETION_REQUEST:
                return b; // every IE of §7.5.6 is conditional on features this UPF does not use
            case SESSION_DELETION_RESPONSE:
                return b.cause(PfcpCause.REQUEST_ACCEPTED).add(usageReport(USAGE_REPORT_SESSION_DELETION_RESPONSE));
            case SESSION_REPORT_REQUEST:
                return b.add(FlagsIe.of(REPORT_TYPE, "DLDR", "USAR"))
                        .add(group(DOWNLINK_DATA_REPORT, UintIe.of(PDR_ID, 2, 2),
                                // §8.2.27 Downlink Data Service Information: flags QFII (bit 2), then the QFI
                                new DownlinkDataServiceInformation(0x02, DownlinkDataServiceInformation.ABSENT, 9)))
                        .add(usageReport(USAGE_REPORT_SESSION_REPORT_REQUEST));
            case SESSION_REPORT_RESPONSE:
                return b.cause(PfcpCause.REQUEST_ACCEPTED)
                        .add(group(UPDATE_BAR_SESSION_REPORT_RESPONSE, UintIe.of(BAR_ID, 1, 1),
                                UintIe.of(DOWNLINK_DATA_NOTIFICATION_DELAY, 1, 2)))
                        .add(FlagsIe.of(PFCPSRRSP_FLAGS, "DROBU"));
            default:
                throw new IllegalArgumentException("no example for " + t);
        }
    }

    private static Ie uplinkPdr(int pdrId, int farId) {
        return group(CREATE_PDR, UintIe.of(PDR_ID, 2, pdrId), UintIe.of(PRECEDENCE, 4, 200),
                group(PDI, UintIe.of(SOURCE_INTERFACE, 1, 0), FTeid.of(UL_TEID, UPF, null),
                        OctetsIe.dnsName(NETWORK_INSTANCE, "internet"), UeIpAddress.of(false, UE, null),
                        SdfFilter.of("permit out ip from 198.18.100.0/24 to 198.19.0.10"), UintIe.of(QFI, 1, 9)),
                OuterHeaderRemoval.of(OuterHeaderRemoval.GTPU_UDP_IPV4),
                UintIe.of(FAR_ID, 4, farId), UintIe.of(URR_ID, 4, 1), UintIe.of(QER_ID, 4, 1));
    }

    private static Ie downlinkPdr(int pdrId, int farId) {
        return group(CREATE_PDR, UintIe.of(PDR_ID, 2, pdrId), UintIe.of(PRECEDENCE, 4, 200),
                group(PDI, UintIe.of(SOURCE_INTERFACE, 1, 1), OctetsIe.dnsName(NETWORK_INSTANCE, "internet"),
                        UeIpAddress.of(true, UE, null)),
                UintIe.of(FAR_ID, 4, farId), UintIe.of(URR_ID, 4, 1), UintIe.of(QER_ID, 4, 1));
    }

    private static Ie usageReport(IeType variant) {
        return group(variant, UintIe.of(URR_ID, 4, 1), UintIe.of(UR_SEQN, 4, 7),
                FlagsIe.of(USAGE_REPORT_TRIGGER, "VOLTH"),
                UintIe.of(START_TIME, 4, RECOVERY + 10), UintIe.of(END_TIME, 4, RECOVERY + 70),
                volumeMeasurement(VOLUME_OCTETS, VOLUME_OCTETS / 4, VOLUME_OCTETS * 3 / 4),
                UintIe.of(DURATION_MEASUREMENT, 4, 60));
    }

    /** §8.2.26 Apply Action in its Release 16+ 2-octet form. */
    public static FlagsIe applyAction(String flag) {
        FlagsIe one = FlagsIe.of(APPLY_ACTION, flag);
        return new FlagsIe(APPLY_ACTION.code(), new byte[] {one.octets()[0], 0});
    }

    /** §8.2.19 Reporting Triggers VOLTH + TIMTH in the Release 16+ 3-octet form. */
    private static FlagsIe reportingTriggers() {
        FlagsIe one = FlagsIe.of(REPORTING_TRIGGERS, "VOLTH", "TIMTH");
        return new FlagsIe(REPORTING_TRIGGERS.code(), new byte[] {one.octets()[0], 0, 0});
    }

    private static Ie outerHeaderCreation(long teid, byte[] ipv4) {
        return OuterHeaderCreation.gtpu(teid, ipv4, null);
    }

    private static Ie volumeThreshold(long total, long ul, long dl) {
        return VolumeIe.volumes(IeType.VOLUME_THRESHOLD, total, ul, dl);
    }

    /** §8.2.44 Volume Measurement with volumes (TOVOL, ULVOL, DLVOL) and packet counts (TONOP, ULNOP, DLNOP). */
    private static Ie volumeMeasurement(long total, long ul, long dl) {
        return new VolumeIe(VOLUME_MEASUREMENT.code(), 0x3F, new long[] {total, ul, dl, total / 1000, ul / 1000,
            dl / 1000});
    }

    /** §8.2.39 PFD contents with a Flow Description (FD): flags, spare, 2-octet length, description. */
    private static Ie pfdContents(String flowDescription) {
        byte[] fd = flowDescription.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return raw(PFD_CONTENTS, v -> v.writeByte(0x01).writeByte(0).writeShort(fd.length).writeBytes(fd));
    }

    /** §8.2.70 Remote GTP-U Peer: flags V4 (bit 2), then the IPv4 address. */
    private static Ie remoteGtpuPeer(byte[] ipv4) {
        return new RemoteGtpuPeer(0x02, ipv4, null, null, null);
    }

    /** §8.2.46 FQ-CSID: Node-ID Type (0 = IPv4) | Number of CSIDs, the node address, the CSIDs. */
    private static Ie fqCsid(byte[] node, int csid) {
        return new FqCsid(0x01, node, new int[] {csid});
    }

    public static NodeId smf() {
        return NodeId.ipv4(SMF);
    }

    public static NodeId upf() {
        return NodeId.ipv4(UPF);
    }

    public static GroupedIe group(IeType type, Ie... children) {
        return new GroupedIe(type, List.of(children));
    }

    /** An IE given by its value octets (the codec's opaque form). */
    public static Ie raw(IeType type, Consumer<ByteBuf> value) {
        ByteBuf b = Unpooled.buffer();
        value.accept(b);
        return new OctetsIe(type.code(), ByteBufUtil.getBytes(b));
    }

    public static byte[] ip(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
