package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.bpf.Netns;
import org.upf.bpf.netns.PinRoot;
import org.upf.bpf.packet.Packet;
import org.upf.control.cli.Upf;
import org.upf.control.session.Requests;
import picocli.CommandLine;

/**
 * {@code upf sessions}, {@code upf sessions show} and {@code upf stats} run in-process (picocli, in the UPF
 * namespace) against a running agent's local API after a real session carried real GTP-U traffic through XDP:
 * tables and JSON show the session's rules and the URR counters of that traffic, the unknown-TEID drop and the XDP
 * programs' kernel run statistics; {@code upf stats --pin-root} reads the same counters from the pinned maps when
 * no agent answers.
 */
class OperatorToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UE = TrafficSession.UE;
    private static final int PACKETS = TrafficSession.PACKETS;
    private static final int INNER = TrafficSession.INNER;

    /** What a command printed and returned. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @Test
    void sessionsAndStatsShowRealTraffic() throws Exception {
        try (PinRoot pins = PinRoot.create();
             AgentTestbed bed = new AgentTestbed(Map.of("api.address", "127.0.0.1:0", "bpf.runStats", "true",
                     "bpf.pinRoot", pins.path().toString()))) {
            String api = "127.0.0.1:" + bed.agent.apiPort();
            TrafficSession session = TrafficSession.establishWithTraffic(bed);
            long seid = session.seid;
            int teid = session.teid;
            String seidHex = String.format("0x%016x", seid);
            byte[] stray = Packet.builder().gtpu(0x55).ipv4(UE, AgentTestbed.DN).udp(1, 2).payload(new byte[8]).build();
            bed.gnbSocket.send(new DatagramPacket(stray, stray.length,
                    new InetSocketAddress(AgentTestbed.UPF_N3, 2152)));

            Run list = upf(bed, "sessions", "--api", api);
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("SEID", "UL PACKETS", seidHex, "0x0000000000000071", UE, "1 sessions");
            assertThat(list.out().lines().filter(l -> l.startsWith(seidHex)).findFirst().orElseThrow())
                    .matches(".*\\s" + PACKETS + "\\s+" + PACKETS * INNER + "\\s+" + PACKETS + "\\s+"
                            + PACKETS * INNER + "$");
            JsonNode listed = upf(bed, "sessions", "--api", api, "--json").json().get("sessions");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("seid").asText()).isEqualTo(seidHex);
            assertThat(listed.get(0).get("pdrs").asInt()).isEqualTo(2);
            assertThat(listed.get(0).get("uplinkPackets").asLong()).isEqualTo(PACKETS);
            assertThat(listed.get(0).get("downlinkBytes").asLong()).isEqualTo(PACKETS * INNER);

            Run show = upf(bed, "sessions", "show", seidHex, "--api", api);
            assertThat(show.exit()).as(show.err()).isZero();
            assertThat(show.out()).contains("Session " + seidHex, "UE IPv4 " + UE, "Access", "Core",
                    String.format("0x%08x", teid), "GTP-U/UDP/IP", "FORW", "GTP-U 198.18.3.2 TEID 0x00002001",
                    "OPEN", "100000", "200000", "VOLUM");
            Run shown = upf(bed, "sessions", "show", Long.toUnsignedString(seid), "--api", api, "--json");
            assertThat(shown.exit()).as(shown.err()).isZero();
            JsonNode s = shown.json();
            assertThat(s.get("pdrs")).extracting(p -> p.get("sourceInterface").asText()).containsExactly("Access", "Core");
            assertThat(s.get("pdrs").get(0).get("teid").asText()).isEqualTo(String.format("0x%08x", teid));
            assertThat(s.get("pdrs").get(1).get("ueIp").asText()).isEqualTo(UE + " (destination)");
            assertThat(s.get("fars").get(1).get("applyAction").get(0).asText()).isEqualTo("FORW");
            assertThat(s.get("qers").get(0).get("mbr").get("downlinkKbps").asLong()).isEqualTo(200_000);
            JsonNode urr = s.get("urrs").get(0);
            assertThat(urr.get("uplinkPackets").asLong()).isEqualTo(PACKETS);
            assertThat(urr.get("uplinkBytes").asLong()).isEqualTo(PACKETS * INNER);
            assertThat(urr.get("downlinkPackets").asLong()).isEqualTo(PACKETS);
            assertThat(urr.get("downlinkBytes").asLong()).isEqualTo(PACKETS * INNER);

            Run missing = upf(bed, "sessions", "show", "0x999", "--api", api);
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("no session with SEID 0x0000000000000999");
            assertThat(upf(bed, "sessions", "show", "nonsense", "--api", api).exit()).isEqualTo(2);

            Run stats = upf(bed, "stats", "--api", api);
            assertThat(stats.exit()).as(stats.err()).isZero();
            assertThat(stats.out()).contains("Source: agent", "sessions 1", "Forwarded", "uplink", "unknown_teid", "gtpu_signalling",
                    "kernel run statistics on", "upf_gtpu_in", "N3,N9", "upf_n6_in");
            JsonNode st = upf(bed, "stats", "--api", api, "--json").json();
            assertThat(reason(st.get("drops"), "unknown_teid").get("packets").asLong()).isEqualTo(1);
            JsonNode uplink = st.get("forwarded").get(0);
            assertThat(uplink.get("direction").asText()).isEqualTo("uplink");
            assertThat(uplink.get("packets").asLong()).isEqualTo(PACKETS);
            assertThat(uplink.get("bytes").asLong()).isEqualTo(PACKETS * INNER);
            assertThat(st.get("forwarded").get(1).get("packets").asLong()).isEqualTo(PACKETS);
            assertThat(st.get("runStats").asText()).isEqualTo("on");
            JsonNode n3 = st.get("programs").get(0);
            assertThat(n3.get("program").asText()).isEqualTo("upf_gtpu_in");
            assertThat(n3.get("runCount").asLong()).as("uplink G-PDUs and the stray one ran the N3 program")
                    .isGreaterThanOrEqualTo(PACKETS + 1);
            assertThat(n3.get("averageNanos").asLong()).isPositive();
            JsonNode n6 = st.get("programs").get(1);
            assertThat(n6.get("program").asText()).isEqualTo("upf_n6_in");
            assertThat(n6.get("runCount").asLong()).isGreaterThanOrEqualTo(PACKETS);

            // Nothing listens on port 1: without --pin-root that is an error, with it the pinned maps answer.
            Run noAgent = upf(bed, "stats", "--api", "127.0.0.1:1");
            assertThat(noAgent.exit()).isEqualTo(1);
            assertThat(noAgent.err()).contains("no agent API at http://127.0.0.1:1", "--pin-root");
            Run pinned = upf(bed, "stats", "--api", "127.0.0.1:1", "--pin-root", pins.path().toString(), "--json");
            assertThat(pinned.exit()).as(pinned.err()).isZero();
            JsonNode p = pinned.json();
            assertThat(p.get("source").asText()).isEqualTo("pinned maps " + pins.path());
            assertThat(reason(p.get("drops"), "unknown_teid").get("packets").asLong()).isEqualTo(1);
            assertThat(p.get("forwarded").get(1).get("bytes").asLong()).isEqualTo(PACKETS * INNER);
            assertThat(p.has("programs")).isFalse();
            assertThat(upf(bed, "stats", "--api", "127.0.0.1:1", "--pin-root", pins.path().toString()).out())
                    .contains("Source: pinned maps", "unknown_teid").doesNotContain("XDP programs");
        }
    }

    /**
     * A listing is filtered and paged by the agent (only the sessions shown are decoded): --limit pages in SEID order
     * and names the next page's --after, --seid lists one session, --smf those of one SMF; a bad value is refused
     * naming the parameter.
     */
    @Test
    void sessionsAreListedAPageAtATime() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("api.address", "127.0.0.1:0"))) {
            String api = "127.0.0.1:" + bed.agent.apiPort();
            DatagramSocket smf = bed.n4Peer("127.0.0.1");
            smf.setSoTimeout(3000);
            TrafficSession.exchange(bed, smf, Requests.associationSetup());
            List<String> seids = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                seids.add(String.format("0x%016x", TrafficSession.exchange(bed, smf,
                        Requests.establishment(0x80 + k,
                                Requests.basicSession("198.19.200." + (10 + k)))).fSeid()
                        .seid()));
            }
            seids.sort(Comparator.comparing(h -> Long.parseUnsignedLong(h.substring(2), 16),
                    Long::compareUnsigned));

            Run first = upf(bed, "sessions", "--api", api, "--limit", "2");
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(rows(first, seids)).containsExactly(seids.get(0), seids.get(1));
            assertThat(first.out()).contains("2 of 3 sessions; next page: --after " + seids.get(1));
            Run second = upf(bed, "sessions", "--api", api, "--limit", "2", "--after", seids.get(1));
            assertThat(rows(second, seids)).containsExactly(seids.get(2));
            assertThat(second.out()).contains("1 of 3 sessions").doesNotContain("next page");
            JsonNode page = upf(bed, "sessions", "--api", api, "--limit", "1", "--json").json();
            assertThat(page.get("matching").asInt()).isEqualTo(3);
            assertThat(page.get("next").asText()).isEqualTo(seids.get(0));

            Run one = upf(bed, "sessions", "--api", api, "--seid", seids.get(2));
            assertThat(rows(one, seids)).containsExactly(seids.get(2));
            assertThat(one.out()).contains("1 sessions");
            assertThat(rows(upf(bed, "sessions", "--api", api, "--smf", "127.0.0.1"), seids)).hasSize(3);
            assertThat(upf(bed, "sessions", "--api", api, "--smf", "127.0.0.9").out()).contains("0 sessions");
            assertThat(upf(bed, "sessions", "--api", api, "--seid", "0x999").out()).contains("0 sessions");

            Run bad = upf(bed, "sessions", "--api", api, "--smf", "smf.example");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("parameter smf: \"smf.example\" is not an IP address");
            assertThat(upf(bed, "sessions", "--api", api, "--limit", "-1").exit()).isEqualTo(2);
        }
    }

    /** The SEIDs of seids that the table of run lists, in its order. */
    private static List<String> rows(Run run, List<String> seids) {
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out().lines().map(l -> l.split("\\s+")[0]).filter(seids::contains).toList();
    }

    private static JsonNode reason(JsonNode counters, String reason) {
        for (JsonNode c : counters) {
            if (c.get("reason").asText().equals(reason)) {
                return c;
            }
        }
        throw new AssertionError("no reason " + reason + " in " + counters);
    }

    /** Runs {@code upf args...} in the UPF namespace (where the API listens on loopback), capturing its output. */
    private static Run upf(AgentTestbed bed, String... args) {
        return Netns.call(bed.upf.name(), () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = Upf.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Run(exit, out.toString(), err.toString());
        });
    }
}
