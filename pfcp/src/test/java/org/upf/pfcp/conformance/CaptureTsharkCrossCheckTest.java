package org.upf.pfcp.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.BitRate;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.OctetsIe;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.UeIpAddress;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UserPlaneIpResourceInformation;
import org.upf.pfcp.pcap.UdpDatagram;
import org.upf.pfcp.testing.Tshark;

/**
 * Our reading of real peers' bytes agrees with Wireshark's PFCP dissector: for every PFCP message in the
 * captures, the key fields (message type, sequence, SEIDs, causes, Node IDs, PDR/FAR/URR/QER IDs,
 * F-TEIDs, UE IP addresses, Outer Header Creation) are the same values in the same order.
 */
class CaptureTsharkCrossCheckTest {
    private static final String PFCP_ONLY = "pfcp && !icmp && !icmpv6";
    /** FAR/URR/QER IDs: Wireshark shows the 31-bit value, bit 8 of octet 5 flags predefined rules (§8.2.74). */
    private static final long RULE_ID_MASK = 0x7FFF_FFFFL;
    private static final List<String> FIELDS = List.of("pfcp.msg_type", "pfcp.seqno", "pfcp.seid", "pfcp.cause",
            "pfcp.node_id_ipv4", "pfcp.pdr_id", "pfcp.far_id", "pfcp.urr_id", "pfcp.qer_id", "pfcp.f_teid.teid",
            "pfcp.ue_ip_addr_ipv4", "pfcp.outer_hdr_creation.teid", "pfcp.outer_hdr_creation.ipv4",
            "pfcp.source_interface", "pfcp.dst_interface", "pfcp.network_instance", "pfcp.apn_dnn", "pfcp.pdn_type",
            "pfcp.ul_mbr", "pfcp.dl_mbr", "pfcp.ur_seqn", "pfcp.duration_measurement");

    @Test
    void keyFieldsMatchWiresharkInEveryCapture() throws URISyntaxException {
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (String file : ConformanceCaptures.EXPECTED.keySet()) {
            Path pcap = Path.of(getClass().getResource("/conformance/" + file).toURI());
            List<Map<String, List<String>>> frames = Tshark.fields(pcap, FIELDS, PFCP_ONLY);
            List<UdpDatagram> datagrams = ConformanceCaptures.pfcpDatagrams(file);
            assertThat(frames).as(file).hasSameSizeAs(datagrams);
            for (int i = 0; i < frames.size(); i++) {
                Map<String, List<String>> ours = ours(PfcpCodec.decode(datagrams.get(i).payload()));
                for (String f : FIELDS) {
                    List<String> theirs = normalize(f, frames.get(i).get(f));
                    if (!theirs.equals(ours.get(f))) {
                        mismatches.add(file + " frame " + datagrams.get(i).frame().number() + " " + f + ": tshark "
                                + theirs + ", codec " + ours.get(f));
                    }
                    compared += theirs.size();
                }
            }
        }
        System.out.println("tshark cross-check: " + compared + " field values compared");
        assertThat(mismatches).isEmpty();
        assertThat(compared).isGreaterThan(4000);
    }

    private static List<String> normalize(String field, List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v.matches("0x[0-9a-fA-F]+")) {
                out.add(Long.toUnsignedString(Long.parseUnsignedLong(v.substring(2), 16)));
            } else {
                out.add(v.matches("\\d+") ? Long.toUnsignedString(Long.parseUnsignedLong(v)) : v);
            }
        }
        return out;
    }

    private static Map<String, List<String>> ours(PfcpMessage m) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        for (String name : FIELDS) {
            f.put(name, new ArrayList<>());
        }
        f.get("pfcp.msg_type").add(String.valueOf(m.header().messageType()));
        f.get("pfcp.seqno").add(String.valueOf(m.sequence()));
        if (m.header().hasSeid()) {
            f.get("pfcp.seid").add(Long.toUnsignedString(m.seid()));
        }
        walk(m.ies(), f);
        return f;
    }

    /** Integer IEs shown by Wireshark as the masked value. */
    private static final Map<Integer, String> UINT_FIELDS = Map.of(IeType.SOURCE_INTERFACE.code(),
            "pfcp.source_interface", IeType.DESTINATION_INTERFACE.code(), "pfcp.dst_interface", IeType.PDN_TYPE.code(),
            "pfcp.pdn_type", IeType.UR_SEQN.code(), "pfcp.ur_seqn", IeType.DURATION_MEASUREMENT.code(),
            "pfcp.duration_measurement", IeType.CAUSE.code(), "pfcp.cause", IeType.PDR_ID.code(), "pfcp.pdr_id");

    private static final Set<Integer> URR_IDS = Set.of(IeType.URR_ID.code(), IeType.LINKED_URR_ID.code(),
            IeType.AGGREGATED_URR_ID.code());

    private static void walk(List<Ie> ies, Map<String, List<String>> f) {
        for (Ie wrapped : ies) {
            Ie ie = wrapped.unwrap();
            int t = ie.type();
            if (ie instanceof GroupedIe g) {
                walk(g.ies(), f);
            } else if (ie instanceof FSeid s) {
                f.get("pfcp.seid").add(Long.toUnsignedString(s.seid()));
            } else if (ie instanceof NodeId n && n.nodeIdType() == NodeId.IPV4) {
                f.get("pfcp.node_id_ipv4").add(n.text());
            } else if (ie instanceof FTeid teid && !teid.choose()) {
                f.get("pfcp.f_teid.teid").add(String.valueOf(teid.teid()));
            } else if (ie instanceof UeIpAddress ue && ue.ipv4() != null) {
                f.get("pfcp.ue_ip_addr_ipv4").add(ipv4(ue.ipv4()));
            } else if (ie instanceof OuterHeaderCreation ohc) {
                if (ohc.isGtpu()) {
                    f.get("pfcp.outer_hdr_creation.teid").add(String.valueOf(ohc.teid()));
                }
                if (ohc.ipv4() != null) {
                    f.get("pfcp.outer_hdr_creation.ipv4").add(ipv4(ohc.ipv4()));
                }
            } else if (ie instanceof BitRate r && t == IeType.MBR.code()) {
                f.get("pfcp.ul_mbr").add(String.valueOf(r.ulKbps()));
                f.get("pfcp.dl_mbr").add(String.valueOf(r.dlKbps()));
            } else if (ie instanceof OctetsIe o && t == IeType.NETWORK_INSTANCE.code()) {
                f.get("pfcp.network_instance").add(o.text());
            } else if (ie instanceof OctetsIe o && t == IeType.APN_DNN.code()) {
                f.get("pfcp.apn_dnn").add(o.text());
            } else if (ie instanceof UserPlaneIpResourceInformation upiri && upiri.networkInstance() != null) {
                f.get("pfcp.network_instance").add(org.upf.pfcp.ie.DnsName.decode(upiri.networkInstance()));
            } else if (ie instanceof UintIe u) {
                String field = UINT_FIELDS.get(t);
                if (field != null) {
                    f.get(field).add(String.valueOf(u.value()));
                }
                if (t == IeType.FAR_ID.code()) {
                    f.get("pfcp.far_id").add(String.valueOf(u.value() & RULE_ID_MASK));
                } else if (URR_IDS.contains(t)) {
                    f.get("pfcp.urr_id").add(String.valueOf(u.value() & RULE_ID_MASK));
                } else if (t == IeType.QER_ID.code()) {
                    f.get("pfcp.qer_id").add(String.valueOf(u.value() & RULE_ID_MASK));
                }
            }
        }
    }

    private static String ipv4(byte[] a) {
        return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
    }
}
