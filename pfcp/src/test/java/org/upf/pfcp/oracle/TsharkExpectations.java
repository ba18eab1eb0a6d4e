package org.upf.pfcp.oracle;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.UeIpAddress;
import org.upf.pfcp.ie.UintIe;

/**
 * What tshark's PFCP dissector must show for a message, derived from our decoded model: the field values
 * (in tshark's {@code -T fields} formatting) in wire order. Typed IEs are read through their accessors;
 * IEs the codec keeps as octets (Outer Header Creation, MBR/GBR, volumes) are read from their encoded value
 * per their TS 29.244 clause, so the expectation holds whichever class the codec uses for them.
 */
final class TsharkExpectations {
    static final String IE_TYPE = "pfcp.ie_type";
    /** Every field compared; requested from tshark in one run. */
    static final List<String> FIELDS = List.of("pfcp.msg_type", "pfcp.seqno", "pfcp.seid", IE_TYPE,
            "pfcp.cause", "pfcp.offending_ie", "pfcp.node_id_ipv4", "pfcp.f_seid.ipv4", "pfcp.f_seid.ipv6",
            "pfcp.f_teid.teid", "pfcp.f_teid.ipv4_addr", "pfcp.ue_ip_addr_ipv4", "pfcp.ue_ip_address_flag.sd",
            "pfcp.pdr_id", "pfcp.far_id", "pfcp.far_id_flg", "pfcp.urr_id", "pfcp.urr_id_flg", "pfcp.qer_id",
            "pfcp.qer_id_flg", "pfcp.precedence",
            "pfcp.source_interface", "pfcp.dst_interface", "pfcp.qfi_value", "pfcp.ur_seqn",
            "pfcp.apply_action.drop", "pfcp.apply_action.forw", "pfcp.apply_action.buff", "pfcp.apply_action.nocp",
            "pfcp.reporting_triggers_flags.volth", "pfcp.reporting_triggers_flags.timth",
            "pfcp.outer_hdr_desc", "pfcp.outer_hdr_creation.teid", "pfcp.outer_hdr_creation.ipv4",
            "pfcp.ul_mbr", "pfcp.dl_mbr", "pfcp.ul_gbr", "pfcp.dl_gbr",
            "pfcp.volume_threshold.tovol", "pfcp.volume_threshold.ulvol", "pfcp.volume_threshold.dlvol",
            "pfcp.volume_measurement.tovol", "pfcp.volume_measurement.ulvol", "pfcp.volume_measurement.dlvol",
            "pfcp.time_threshold", "pfcp.duration_measurement");

    private final Map<String, List<String>> fields = new LinkedHashMap<>();

    private TsharkExpectations() {
        for (String f : FIELDS) {
            fields.put(f, new ArrayList<>());
        }
    }

    static Map<String, List<String>> of(PfcpMessage m) {
        TsharkExpectations e = new TsharkExpectations();
        e.add("pfcp.msg_type", m.header().messageType());
        e.add("pfcp.seqno", m.sequence());
        if (m.header().hasSeid()) {
            e.add("pfcp.seid", hex64(m.seid()));
        }
        e.walk(m.ies());
        return e.fields;
    }

    private void walk(List<Ie> ies) {
        for (Ie ie : ies) {
            add(IE_TYPE, ie.type());
            Ie u = ie.unwrap();
            if (u instanceof GroupedIe g) {
                walk(g.ies());
            } else {
                leaf(u);
            }
        }
    }

    private void leaf(Ie ie) {
        IeType t = ie.ieType();
        if (t == null) {
            return;
        }
        switch (t) {
            case CAUSE -> add("pfcp.cause", uint(ie));
            case OFFENDING_IE -> add("pfcp.offending_ie", uint(ie));
            case PDR_ID -> add("pfcp.pdr_id", uint(ie));
            case FAR_ID -> ruleId("pfcp.far_id", uint(ie));
            case URR_ID -> ruleId("pfcp.urr_id", uint(ie));
            case QER_ID -> ruleId("pfcp.qer_id", uint(ie));
            case PRECEDENCE -> add("pfcp.precedence", uint(ie));
            case SOURCE_INTERFACE -> add("pfcp.source_interface", uint(ie));
            case DESTINATION_INTERFACE -> add("pfcp.dst_interface", uint(ie));
            case QFI -> add("pfcp.qfi_value", String.format("0x%02x", uint(ie)));
            case UR_SEQN -> add("pfcp.ur_seqn", uint(ie));
            case TIME_THRESHOLD -> add("pfcp.time_threshold", uint(ie));
            case DURATION_MEASUREMENT -> add("pfcp.duration_measurement", uint(ie));
            case NODE_ID -> {
                NodeId n = (NodeId) ie;
                if (n.nodeIdType() == NodeId.IPV4) {
                    add("pfcp.node_id_ipv4", n.text());
                }
            }
            case F_SEID -> {
                FSeid f = (FSeid) ie;
                add("pfcp.seid", hex64(f.seid()));
                addAddress("pfcp.f_seid.ipv4", f.ipv4());
                addAddress("pfcp.f_seid.ipv6", f.ipv6());
            }
            case F_TEID -> {
                FTeid f = (FTeid) ie;
                if (!f.choose()) {
                    add("pfcp.f_teid.teid", hex32(f.teid()));
                    addAddress("pfcp.f_teid.ipv4_addr", f.ipv4());
                }
            }
            case UE_IP_ADDRESS -> {
                UeIpAddress u = (UeIpAddress) ie;
                add("pfcp.ue_ip_address_flag.sd", bool(u.isDestination()));
                addAddress("pfcp.ue_ip_addr_ipv4", u.ipv4());
            }
            case APPLY_ACTION -> {
                FlagsIe f = (FlagsIe) ie;
                for (String flag : List.of("DROP", "FORW", "BUFF", "NOCP")) {
                    add("pfcp.apply_action." + flag.toLowerCase(), bool(f.has(flag)));
                }
            }
            case REPORTING_TRIGGERS -> {
                FlagsIe f = (FlagsIe) ie;
                add("pfcp.reporting_triggers_flags.volth", bool(f.has("VOLTH")));
                add("pfcp.reporting_triggers_flags.timth", bool(f.has("TIMTH")));
            }
            case OUTER_HEADER_CREATION -> {
                // §8.2.56: description (2), TEID (4) and IPv4 (4) for GTP-U/UDP/IPv4
                ByteBuf v = value(ie);
                int desc = v.readUnsignedShort();
                add("pfcp.outer_hdr_desc", desc);
                if ((desc & 0x0100) != 0) {
                    add("pfcp.outer_hdr_creation.teid", hex32(v.readUnsignedInt()));
                    add("pfcp.outer_hdr_creation.ipv4", address(readBytes(v, 4)));
                }
            }
            case MBR, GBR -> {
                // §8.2.8 / §8.2.9: UL and DL bit rates, 5 octets each
                ByteBuf v = value(ie);
                String n = t == IeType.MBR ? "mbr" : "gbr";
                add("pfcp.ul_" + n, (long) v.readUnsignedByte() << 32 | v.readUnsignedInt());
                add("pfcp.dl_" + n, (long) v.readUnsignedByte() << 32 | v.readUnsignedInt());
            }
            case DOWNLINK_DATA_SERVICE_INFORMATION -> {
                // §8.2.27: flags PPI (bit 1), QFII (bit 2); then PPI value if PPI, QFI if QFII
                ByteBuf v = value(ie);
                int flags = v.readUnsignedByte();
                if ((flags & 0x01) != 0) {
                    v.skipBytes(1);
                }
                if ((flags & 0x02) != 0) {
                    add("pfcp.qfi_value", String.format("0x%02x", v.readUnsignedByte() & 0x3F));
                }
            }
            case REMOTE_GTP_U_PEER -> {
                // §8.2.70: flags V6 (bit 1), V4 (bit 2); packet-pfcp.c shows the IPv4 address under the
                // Node ID IPv4 field.
                ByteBuf v = value(ie);
                if ((v.readUnsignedByte() & 0x02) != 0) {
                    add("pfcp.node_id_ipv4", address(readBytes(v, 4)));
                }
            }
            case VOLUME_THRESHOLD -> volumes(ie, "pfcp.volume_threshold.");
            case VOLUME_MEASUREMENT -> volumes(ie, "pfcp.volume_measurement.");
            default -> {
            }
        }
    }

    /**
     * §8.2.74 FAR ID, §8.2.54 URR ID, §8.2.75 QER ID: bit 8 of octet 5 says whether the rule is predefined in
     * the UP function (1) or provisioned by the CP function (0); Wireshark shows it apart from the 31-bit ID.
     */
    private void ruleId(String field, long id) {
        add(field, id & 0x7FFF_FFFFL);
        add(field + "_flg", bool((id & 0x8000_0000L) != 0));
    }

    /** §8.2.13 / §8.2.44: flags TOVOL, ULVOL, DLVOL (bits 1-3), then the present 8-octet volumes. */
    private void volumes(Ie ie, String prefix) {
        ByteBuf v = value(ie);
        int flags = v.readUnsignedByte();
        String[] names = {"tovol", "ulvol", "dlvol"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & 1 << i) != 0) {
                add(prefix + names[i], Long.toUnsignedString(v.readLong()));
            }
        }
    }

    private void add(String field, Object value) {
        fields.get(field).add(String.valueOf(value));
    }

    private void addAddress(String field, byte[] address) {
        if (address != null) {
            add(field, address(address));
        }
    }

    private static long uint(Ie ie) {
        return ((UintIe) ie).value();
    }

    private static ByteBuf value(Ie ie) {
        ByteBuf b = Unpooled.buffer();
        ie.encodeValue(b);
        return b;
    }

    private static byte[] readBytes(ByteBuf b, int n) {
        byte[] out = new byte[n];
        b.readBytes(out);
        return out;
    }

    private static String bool(boolean b) {
        return b ? "1" : "0";
    }

    private static String hex64(long v) {
        return String.format("0x%016x", v);
    }

    private static String hex32(long v) {
        return String.format("0x%08x", v);
    }

    static String address(byte[] a) {
        try {
            return InetAddress.getByAddress(a).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
