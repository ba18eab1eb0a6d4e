package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.upf.bpf.Netns;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.VethPair;
import org.upf.bpf.packet.Packet;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.ForwardingParameters;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.OuterHeaderRemoval;
import org.upf.pfcp.ie.Pdi;
import org.upf.pfcp.ie.UintIe;

/**
 * /metrics of a running agent after real PFCP exchanges, echo traffic through the XDP data path and a dropped G-PDU;
 * docs/metrics.md lists every metric.
 */
class AgentMetricsTest {

    @Test
    void metricsCountPfcpSessionsAndDrops() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("metrics.address", "127.0.0.1:0"))) {
            TrafficSession.establishWithTraffic(bed); // association, one session, PACKETS echo round trips
            DatagramSocket smf = bed.n4Peer("127.0.0.1");
            smf.setSoTimeout(3000);
            exchange(bed, smf, PfcpCodec.encode(Requests.modification(0x1234, Requests.removePdr(1))));
            // No Create PDR: the node rejects it with "Mandatory IE missing" before the agent sees it.
            exchange(bed, smf, PfcpCodec.encode(Requests.unchecked(0x72)));
            byte[] stray = Packet.builder().gtpu(0x55).ipv4("198.19.200.7", AgentTestbed.DN).udp(1, 2)
                    .payload(new byte[8]).build();
            bed.gnbSocket.send(new DatagramPacket(stray, stray.length,
                    new java.net.InetSocketAddress(AgentTestbed.UPF_N3, 2152)));

            String text = scrape(bed, "/metrics");
            assertThat(text).contains("upf_pfcp_sessions 1.0", "upf_pfcp_associations 1.0", "upf_agent_up 1.0",
                    "upf_teids_in_use 1.0");
            assertThat(text).contains(
                    "upf_pfcp_messages_total{event=\"received\",message_type=\"Session Establishment Request\"} 1.0");
            assertThat(text).contains("upf_pfcp_responses_total{cause=\"Session context not found\",direction=\"sent\","
                    + "message_type=\"Session Modification Response\"} 1.0");
            assertThat(value(text, "upf_datapath_dropped_packets_total\\{reason=\"unknown_teid\"\\}")).isEqualTo(1.0);
            String n3 = "_total";
            assertThat(value(text, "upf_n3_gtp_in_data_packets" + n3)).isEqualTo(TrafficSession.PACKETS);
            assertThat(value(text, "upf_n3_gtp_out_data_packets" + n3)).isEqualTo(TrafficSession.PACKETS);
            // Each G-PDU: GTP-U header 8, optional field 4, PDU Session Container 4 (QFI 9 both ways), T-PDU.
            int gpdu = 8 + 4 + 4 + TrafficSession.INNER;
            assertThat(value(text, "upf_n3_gtp_in_data_octets" + n3)).isEqualTo(TrafficSession.PACKETS * gpdu);
            assertThat(value(text, "upf_n3_gtp_out_data_octets" + n3)).isEqualTo(TrafficSession.PACKETS * gpdu);
            assertThat(value(text, "upf_n6_outgoing_packets_total")).isEqualTo(TrafficSession.PACKETS);
            assertThat(value(text, "upf_n6_incoming_packets_total")).isEqualTo(TrafficSession.PACKETS);
            assertThat(value(text, "upf_n6_outgoing_octets_total"))
                    .isEqualTo(TrafficSession.PACKETS * TrafficSession.INNER);
            assertThat(value(text, "upf_n6_incoming_octets_total"))
                    .isEqualTo(TrafficSession.PACKETS * TrafficSession.INNER);
            // Usual frames (one-bounds-check read), but the session's QER meters an MBR: the rule walk, both ways.
            for (String direction : new String[] {"uplink", "downlink"}) {
                assertThat(value(text, "upf_datapath_forwarded_path_packets_total\\{direction=\"" + direction
                        + "\",path=\"usual_walk\"\\}")).as(direction).isEqualTo(TrafficSession.PACKETS);
            }
            assertThat(value(text, "upf_qos_flows")).isEqualTo(1.0);
            assertThat(value(text, "upf_n4_session_modification_requests_total")).isEqualTo(1.0);
            assertThat(value(text,
                    "upf_n4_session_modification_failures_total\\{cause=\"Session context not found\"\\}"))
                    .isEqualTo(1.0);
            assertThat(value(text, "upf_n4_session_deletion_requests_total")).isZero();
            assertThat(value(text, "upf_n4_session_establishment_requests_total")).isEqualTo(2.0);
            assertThat(value(text, "upf_n4_session_establishment_failures_total\\{cause=\"Mandatory IE missing\"\\}"))
                    .isEqualTo(1.0);
            assertThat(value(text, "upf_n4_session_reports_total")).isZero();
            assertThat(value(text, "upf_n4_session_reports_accepted_total")).isZero();
            assertThat(text).contains("upf_gtpu_messages_total{direction=\"sent\",message_type=\"error_indication\"}",
                    "upf_gtpu_not_handled_total{reason=\"malformed\"} 0.0");
            assertThat(scrape(bed, "/-/healthy")).contains("Exporter is healthy");

            assertThat(documented(text, "upf_", "28.552")).as("metrics with samples (upf_pfcp_dropped and upf_n4_session_deletion_failures have none yet)").isEqualTo(37);
        }
    }

    /**
     * An I-UPF session with a real N9 veth to a peer UPF (PSA): uplink G-PDUs from the gNB (N3 in) relayed to the PSA
     * (N9 out, FAR Destination Interface Core), downlink G-PDUs from the PSA (N9 in, PDR Source Interface Core) sent
     * on to the gNB (N3 out). Each series counts its own interface: exactly the G-PDUs sent or received there, with
     * their octets (UDP payloads: GTP-U header to the end of the T-PDU).
     */
    @Test
    void n3AndN9GtpCountersCountTheirOwnInterface() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("metrics.address", "127.0.0.1:0"))) {
            bed.stopAgent();
            NetworkNamespace psa = bed.topology.namespace("psa");
            VethPair n9 = bed.topology.veth(bed.upf, "n9", psa, "n9p");
            n9.b().address(PSA + "/24").up().gro(true); // XDP_REDIRECT into a veth needs GRO on its peer
            n9.a().address(UPF_N9 + "/24").up().neighbour(PSA, n9.b().mac().toString());
            bed.keys.put("n9.interface", "n9");
            bed.restartAgent();
            DatagramSocket psaSocket = bed.topology.track(Netns.call(psa.name(),
                    () -> new DatagramSocket(new InetSocketAddress(PSA, 2152))));
            DatagramSocket smf = bed.n4Peer("127.0.0.1");
            smf.setSoTimeout(3000);
            TrafficSession.exchange(bed, smf, Requests.associationSetup());
            PfcpMessage est = TrafficSession.exchange(bed, smf, Requests.establishment(0x73,
                    Requests.uplinkPdr(1, 1, 1), Requests.downlinkPdr(2, TrafficSession.UE, 2), fromPsa(3, 2),
                    farToPsa(1), Requests.farToGnb(2, TrafficSession.GNB_TEID), Requests.qer(1), Requests.urr(1)));
            Map<Integer, Long> teids = new HashMap<>();
            est.findAll(IeType.CREATED_PDR, CreatedPdr.class).forEach(c -> teids.put(c.pdrId(), c.localFTeid().teid()));

            long n3In = send(bed.gnbSocket, new InetSocketAddress(AgentTestbed.UPF_N3, 2152), k -> Packet.builder()
                    .gtpu(teids.get(1)).pduSessionContainerUl(9).ipv4(TrafficSession.UE, AgentTestbed.DN)
                    .udp(30000 + k, AgentTestbed.ECHO_PORT).payload(("up" + k).getBytes()).build());
            long n9Out = receive(psaSocket, PSA_TEID);
            long n9In = send(psaSocket, new InetSocketAddress(UPF_N9, 2152), k -> Packet.builder()
                    .gtpu(teids.get(3)).pduSessionContainerDl(9).ipv4(AgentTestbed.DN, TrafficSession.UE)
                    .udp(AgentTestbed.ECHO_PORT, 30000 + k).payload(("down" + k).getBytes()).build());
            long n3Out = receive(bed.gnbSocket, TrafficSession.GNB_TEID);

            String text = scrape(bed, "/metrics");
            assertThat(value(text, "upf_n3_gtp_in_data_packets_total")).isEqualTo(TrafficSession.PACKETS);
            assertThat(value(text, "upf_n3_gtp_in_data_octets_total")).isEqualTo(n3In);
            assertThat(value(text, "upf_n9_gtp_out_data_packets_total")).isEqualTo(TrafficSession.PACKETS);
            assertThat(value(text, "upf_n9_gtp_out_data_octets_total")).isEqualTo(n9Out);
            assertThat(value(text, "upf_n9_gtp_in_data_packets_total")).isEqualTo(TrafficSession.PACKETS);
            assertThat(value(text, "upf_n9_gtp_in_data_octets_total")).isEqualTo(n9In);
            assertThat(value(text, "upf_n3_gtp_out_data_packets_total")).isEqualTo(TrafficSession.PACKETS);
            assertThat(value(text, "upf_n3_gtp_out_data_octets_total")).isEqualTo(n3Out);
            assertThat(value(text, "upf_n6_outgoing_packets_total")).isZero();
            assertThat(text).doesNotContain("interfaces=");
            assertThat(documented(text, "upf_n9_", "28.552", "N9")).isEqualTo(4);
        }
    }

    static final String UPF_N9 = "198.18.9.1";
    static final String PSA = "198.18.9.2";
    static final int PSA_TEID = 0x3001;

    /** Downlink from the PSA: Source Interface Core, a local F-TEID (CHOOSE) on N9. */
    static CreatePdr fromPsa(int id, long farId) {
        return new CreatePdr(List.of(UintIe.of(IeType.PDR_ID, 2, id), UintIe.of(IeType.PRECEDENCE, 4, 100),
                new Pdi(List.of(Requests.u8(IeType.SOURCE_INTERFACE, 1), FTeid.choose(true, false, 2))),
                OuterHeaderRemoval.of(0), UintIe.of(IeType.FAR_ID, 4, farId), UintIe.of(IeType.QER_ID, 4, 1),
                UintIe.of(IeType.URR_ID, 4, 1)));
    }

    /** Uplink to the PSA over N9: Destination Interface Core with Outer Header Creation (TS 29.244 §8.2.24). */
    static CreateFar farToPsa(long id) {
        return new CreateFar(List.of(UintIe.of(IeType.FAR_ID, 4, id), FlagsIe.of(IeType.APPLY_ACTION, "FORW"),
                new ForwardingParameters(IeType.FORWARDING_PARAMETERS, List.of(
                        Requests.u8(IeType.DESTINATION_INTERFACE, 1),
                        OuterHeaderCreation.gtpu(PSA_TEID, Requests.addr(PSA), null)))));
    }

    /** Sends PACKETS G-PDUs (gpdu: the k-th) from s; returns their UDP payload octets. */
    static long send(DatagramSocket s, InetSocketAddress to, IntFunction<byte[]> gpdu) throws Exception {
        long octets = 0;
        for (int k = 0; k < TrafficSession.PACKETS; k++) {
            byte[] b = gpdu.apply(k);
            s.send(new DatagramPacket(b, b.length, to));
            octets += b.length;
        }
        return octets;
    }

    /** Receives PACKETS G-PDUs of teid on s (1 s timeout each); returns their UDP payload octets. */
    static long receive(DatagramSocket s, int teid) throws Exception {
        s.setSoTimeout(1000);
        long octets = 0;
        for (int k = 0; k < TrafficSession.PACKETS; k++) {
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            s.receive(p);
            assertThat(ByteBuffer.wrap(p.getData(), 0, p.getLength()).getInt(4)).as("TEID").isEqualTo(teid);
            octets += p.getLength();
        }
        return octets;
    }

    /**
     * Checks that docs/metrics.md lists every metric of text whose name starts with prefix and that its HELP contains
     * helpNames; returns how many there are.
     */
    static int documented(String text, String prefix, String... helpNames) throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
        Matcher help = Pattern.compile("(?m)^# HELP (" + prefix + "\\S+) (.*)$").matcher(text);
        int n = 0;
        while (help.find()) {
            n++;
            assertThat(doc).as("docs/metrics.md lists " + help.group(1)).contains("`" + help.group(1) + "`");
            assertThat(help.group(2)).as("HELP of " + help.group(1)).contains(helpNames);
        }
        return n;
    }

    private static void exchange(AgentTestbed bed, DatagramSocket s, byte[] req) throws Exception {
        s.send(new DatagramPacket(req, req.length, bed.agent.n4Address()));
        s.receive(new DatagramPacket(new byte[65535], 65535));
    }

    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
        assertThat(m.find()).as(series).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** GET from inside the UPF namespace, where the endpoint listens. */
    static String scrape(AgentTestbed bed, String path) {
        return Netns.call(bed.upf.name(), () -> {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + bed.agent.metricsPort() + path)
                    .openConnection();
            c.setConnectTimeout(3000);
            c.setReadTimeout(3000);
            try (InputStream in = c.getInputStream()) {
                assertThat(c.getResponseCode()).isEqualTo(200);
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                c.disconnect();
            }
        });
    }
}
