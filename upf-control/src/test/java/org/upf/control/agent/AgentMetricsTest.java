package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.upf.bpf.Netns;
import org.upf.bpf.netns.VethPair;
import org.upf.bpf.packet.Packet;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpCodec;

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
            String n3 = "_total\\{interfaces=\"n3\"\\}"; // no n9.interface: N3 G-PDUs only
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

            String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
            Matcher help = Pattern.compile("(?m)^# HELP (\\S+) (.*)$").matcher(text);
            int n = 0;
            while (help.find()) {
                n++;
                assertThat(doc).as("docs/metrics.md lists " + help.group(1)).contains("`" + help.group(1) + "`");
                assertThat(help.group(2)).as("HELP of " + help.group(1)).contains("28.552");
            }
            assertThat(n).as("metrics with samples (upf_pfcp_dropped and upf_n4_session_deletion_failures have none yet)").isEqualTo(34);
        }
    }

    /**
     * With an N9 interface the data path counts its G-PDUs in the same GTP-U counters as N3's (one program serves
     * both); the label interfaces says so instead of passing N3+N9 off as the N3 measurement.
     */
    @Test
    void gtpCountersSayWhenTheyIncludeN9() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("metrics.address", "127.0.0.1:0"))) {
            bed.stopAgent();
            VethPair n9 = bed.topology.veth(bed.upf, "n9", bed.topology.namespace("upf2"), "n9p");
            n9.a().address("198.18.9.1/24").up();
            n9.b().address("198.18.9.2/24").up();
            bed.keys.put("n9.interface", "n9");
            bed.restartAgent();
            String text = scrape(bed, "/metrics");
            for (String m : new String[] {"in_data_packets", "in_data_octets", "out_data_packets", "out_data_octets"}) {
                assertThat(value(text, "upf_n3_gtp_" + m + "_total\\{interfaces=\"n3\\+n9\"\\}")).isZero();
            }
            assertThat(text).doesNotContain("interfaces=\"n3\"}");
        }
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
