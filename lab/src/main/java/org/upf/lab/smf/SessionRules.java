package org.upf.lab.smf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.upf.pfcp.ie.BitRate;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.CreateQer;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.ForwardingParameters;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OctetsIe;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.OuterHeaderRemoval;
import org.upf.pfcp.ie.Pdi;
import org.upf.pfcp.ie.SdfFilter;
import org.upf.pfcp.ie.UeIpAddress;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UpdateFar;
import org.upf.pfcp.ie.UpdateQer;
import org.upf.pfcp.ie.VolumeIe;

/**
 * The PFCP rules an SMF installs for a {@link SessionPlan}, with fixed rule IDs per session (as open5gs does):
 *
 * <pre>
 *   PDR 1  uplink, default flow:   Access, F-TEID (CH=1, CHOOSE ID 1 or given), UE IP (source), QFI
 *                                   -> remove GTP-U, FAR 1 (forward to Core), QER 1, URR 1
 *   PDR 2  downlink, default flow: Core, UE IP (destination) -> FAR 2 (GTP-U to the gNB), QER 1, URR 1
 *   PDR 3  uplink, dedicated flow: as PDR 1 with the same CHOOSE ID and the dedicated QFI, QER 2
 *   PDR 4  downlink, dedicated:    as PDR 2 plus the SDF filter, higher precedence, QER 2
 *   QER 1  session MBR and the default QFI; QER 2 the dedicated flow's GBR/MBR and QFI
 *   URR 1  volume measurement, total-volume threshold (report trigger VOLTH)
 * </pre>
 */
public final class SessionRules {
    public static final int PDR_UL = 1;
    public static final int PDR_DL = 2;
    public static final int PDR_UL_DEDICATED = 3;
    public static final int PDR_DL_DEDICATED = 4;
    public static final long FAR_UL = 1;
    public static final long FAR_DL = 2;
    public static final long QER_DEFAULT = 1;
    public static final long QER_DEDICATED = 2;
    public static final long URR_SESSION = 1;
    /** §8.2.2 / §8.2.24 interface values. */
    static final int ACCESS = 0;
    static final int CORE = 1;
    /** §8.2.3: PDRs that give the same CHOOSE ID share the F-TEID the UPF allocates. */
    static final int CHOOSE_ID = 1;
    /** §8.2.103 PDN Type: IPv4 (1), IPv6 (2). */
    static final int PDN_TYPE_IPV4 = 1;
    static final int PDN_TYPE_IPV6 = 2;

    private SessionRules() {
    }

    /** §7.5.2: the Create PDR/FAR/QER/URR IEs (plus PDN Type) of a Session Establishment Request. */
    public static List<Ie> establishment(SessionPlan plan) {
        List<Ie> ies = new ArrayList<>();
        ies.add(uplinkPdr(PDR_UL, 200, plan, plan.defaultQfi(), QER_DEFAULT));
        ies.add(downlinkPdr(PDR_DL, 200, plan, null, QER_DEFAULT));
        SessionPlan.DedicatedFlow d = plan.dedicated();
        if (d != null) {
            ies.add(uplinkPdr(PDR_UL_DEDICATED, 100, plan, d.qfi(), QER_DEDICATED));
            ies.add(downlinkPdr(PDR_DL_DEDICATED, 100, plan, SdfFilter.of(d.flowDescription()), QER_DEDICATED));
        }
        ies.add(new CreateFar(List.of(id(IeType.FAR_ID, FAR_UL), forward(),
                new ForwardingParameters(IeType.FORWARDING_PARAMETERS, List.of(u8(IeType.DESTINATION_INTERFACE, CORE),
                        dnn(plan))))));
        ies.add(new CreateFar(List.of(id(IeType.FAR_ID, FAR_DL), forward(),
                new ForwardingParameters(IeType.FORWARDING_PARAMETERS, List.of(u8(IeType.DESTINATION_INTERFACE, ACCESS),
                        toGnb(plan.gnb(), plan.gnbTeid()))))));
        ies.add(new CreateQer(List.of(id(IeType.QER_ID, QER_DEFAULT), openGates(),
                BitRate.mbr(plan.mbrUlKbps(), plan.mbrDlKbps()), u8(IeType.QFI, plan.defaultQfi()))));
        if (d != null) {
            ies.add(new CreateQer(List.of(id(IeType.QER_ID, QER_DEDICATED), openGates(),
                    BitRate.mbr(d.mbrKbps(), d.mbrKbps()), BitRate.gbr(d.gbrKbps(), d.gbrKbps()),
                    u8(IeType.QFI, d.qfi()))));
        }
        List<Ie> urr = new ArrayList<>(List.of(id(IeType.URR_ID, URR_SESSION),
                FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                FlagsIe.of(IeType.REPORTING_TRIGGERS, 2, plan.volumeThreshold() > 0 ? "VOLTH" : "PERIO")));
        if (plan.volumeThreshold() > 0) {
            urr.add(VolumeIe.volumes(IeType.VOLUME_THRESHOLD, plan.volumeThreshold(), -1, -1));
        } else {
            urr.add(UintIe.of(IeType.MEASUREMENT_PERIOD, 4, 60));
        }
        ies.add(new CreateUrr(urr));
        ies.add(u8(IeType.PDN_TYPE, plan.ue() instanceof Inet4Address ? PDN_TYPE_IPV4 : PDN_TYPE_IPV6));
        return ies;
    }

    /**
     * Handover (TS 23.502 §4.9.1.2.2 step 6, N2 §4.9.1.3.3): Update FAR 2 with the target gNB's tunnel in Update
     * Forwarding Parameters; SNDEM (PFCPSMReq-Flags, §8.2.31) asks the UPF to send End Marker packets on the old
     * path first (TS 29.281 §7.3.2).
     */
    public static UpdateFar handover(InetAddress targetGnb, long targetTeid) {
        return new UpdateFar(List.of(id(IeType.FAR_ID, FAR_DL), forward(),
                new ForwardingParameters(IeType.UPDATE_FORWARDING_PARAMETERS, List.of(
                        u8(IeType.DESTINATION_INTERFACE, ACCESS), toGnb(targetGnb, targetTeid),
                        FlagsIe.of(IeType.PFCPSMREQ_FLAGS, "SNDEM")))));
    }

    /** §7.5.4.5 Update QER: a new session MBR (e.g. after a subscription change). */
    public static UpdateQer sessionMbr(long ulKbps, long dlKbps) {
        return new UpdateQer(List.of(id(IeType.QER_ID, QER_DEFAULT), BitRate.mbr(ulKbps, dlKbps)));
    }

    private static CreatePdr uplinkPdr(int pdrId, long precedence, SessionPlan plan, int qfi, long qerId) {
        FTeid local = plan.upfChoosesTeid() ? FTeid.choose(true, false, CHOOSE_ID)
                : FTeid.of(plan.uplinkTeid(), plan.upfN3().getAddress(), null);
        Pdi pdi = new Pdi(List.of(u8(IeType.SOURCE_INTERFACE, ACCESS), local, dnn(plan),
                ueIp(plan, false), u8(IeType.QFI, qfi)));
        return new CreatePdr(List.of(UintIe.of(IeType.PDR_ID, 2, pdrId), id(IeType.PRECEDENCE, precedence), pdi,
                OuterHeaderRemoval.of(OuterHeaderRemoval.GTPU_UDP_IPV4), id(IeType.FAR_ID, FAR_UL),
                id(IeType.QER_ID, qerId), id(IeType.URR_ID, URR_SESSION)));
    }

    private static CreatePdr downlinkPdr(int pdrId, long precedence, SessionPlan plan, SdfFilter sdf, long qerId) {
        List<Ie> pdi = new ArrayList<>(List.of(u8(IeType.SOURCE_INTERFACE, CORE), dnn(plan),
                ueIp(plan, true)));
        if (sdf != null) {
            pdi.add(sdf);
        }
        return new CreatePdr(List.of(UintIe.of(IeType.PDR_ID, 2, pdrId), id(IeType.PRECEDENCE, precedence),
                new Pdi(pdi), id(IeType.FAR_ID, FAR_DL), id(IeType.QER_ID, qerId), id(IeType.URR_ID, URR_SESSION)));
    }

    /**
     * §8.2.62 UE IP Address (S/D: destination in downlink PDIs): an IPv4 address, or an IPv6 address whose /64 the UE
     * owns (no IPv6 Prefix Length: the default /64 of TS 23.501 §5.8.2.2.2).
     */
    private static UeIpAddress ueIp(SessionPlan plan, boolean destination) {
        byte[] raw = plan.ue().getAddress();
        return plan.ue() instanceof Inet4Address ? UeIpAddress.of(destination, raw, null)
                : UeIpAddress.of(destination, null, raw);
    }

    /** §8.2.56: GTP-U/UDP/IPv4 toward the gNB's N3 address and TEID. */
    private static OuterHeaderCreation toGnb(InetAddress gnb, long teid) {
        return OuterHeaderCreation.gtpu(teid, v4(gnb), null);
    }

    private static OctetsIe dnn(SessionPlan plan) {
        return OctetsIe.dnsName(IeType.NETWORK_INSTANCE, plan.dnn());
    }

    /** §8.2.7 Gate Status: UL and DL open (0). */
    private static UintIe openGates() {
        return u8(IeType.GATE_STATUS, 0);
    }

    private static FlagsIe forward() {
        return FlagsIe.of(IeType.APPLY_ACTION, 2, "FORW");
    }

    private static UintIe id(IeType type, long value) {
        return UintIe.of(type, 4, value);
    }

    private static UintIe u8(IeType type, long value) {
        return UintIe.of(type, 1, value);
    }

    private static byte[] v4(InetAddress a) {
        if (!(a instanceof Inet4Address)) {
            throw new IllegalArgumentException("the lab's gNBs have IPv4 N3 addresses; got " + a);
        }
        return a.getAddress();
    }
}
