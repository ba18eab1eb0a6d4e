package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.upf.bpf.Netns;

/**
 * lab/grafana/upf.json loads as a Grafana dashboard (schema fields Grafana's import needs, a Prometheus datasource
 * variable every panel and target uses, unique panel ids, grid positions inside 24 columns) and every metric its
 * PromQL queries is in docs/metrics.md and in the /metrics of a running agent that carried a session's traffic,
 * where the throughput series hold the packets sent.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "lab", "grafana", "upf.json");
    private static final Pattern METRIC = Pattern.compile("\\bupf_[a-z0-9_]+");

    @Test
    void dashboardIsLoadableAndQueriesOnlyRealMetrics() throws Exception {
        JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(d.get("title").asText()).isNotBlank();
        assertThat(d.get("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(d.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(d.has("id")).as("no instance id: import assigns one").isFalse();
        JsonNode vars = d.get("templating").get("list");
        JsonNode ds = vars.get(0);
        assertThat(ds.get("type").asText()).isEqualTo("datasource");
        assertThat(ds.get("query").asText()).isEqualTo("prometheus");
        String dsRef = "${" + ds.get("name").asText() + "}";

        Set<Integer> ids = new HashSet<>();
        Set<String> metrics = new TreeSet<>();
        int targets = 0;
        for (JsonNode p : d.get("panels")) {
            assertThat(ids.add(p.get("id").asInt())).as("unique panel id " + p.get("id")).isTrue();
            JsonNode g = p.get("gridPos");
            assertThat(g.get("x").asInt() + g.get("w").asInt()).as(p.get("title") + " fits 24 columns")
                    .isLessThanOrEqualTo(24);
            assertThat(g.get("h").asInt()).isPositive();
            if (p.get("type").asText().equals("row")) {
                continue;
            }
            assertThat(p.get("type").asText()).isIn("timeseries", "stat");
            assertThat(p.get("datasource").get("uid").asText()).isEqualTo(dsRef);
            assertThat(p.get("targets")).as(p.get("title") + " targets").isNotEmpty();
            for (JsonNode t : p.get("targets")) {
                targets++;
                assertThat(t.get("datasource").get("uid").asText()).isEqualTo(dsRef);
                assertThat(t.get("refId").asText()).isNotBlank();
                String expr = t.get("expr").asText();
                assertThat(balanced(expr)).as("brackets of " + expr).isTrue();
                assertThat(expr).as("filtered by the instance variable").contains("instance=~\"$instance\"");
                Matcher m = METRIC.matcher(expr);
                while (m.find()) {
                    metrics.add(m.group());
                }
            }
        }
        assertThat(targets).isGreaterThanOrEqualTo(15);
        assertThat(metrics).contains("upf_datapath_forwarded_bytes_total", "upf_pfcp_sessions",
                "upf_pfcp_messages_total", "upf_pfcp_responses_total", "upf_datapath_dropped_packets_total",
                "upf_bpf_program_run_seconds_total", "upf_bpf_program_runs_total");

        String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
        Set<String> served = new HashSet<>();
        String text;
        try (AgentTestbed bed = new AgentTestbed(Map.of("metrics.address", "127.0.0.1:0", "bpf.runStats", "true"))) {
            TrafficSession.establishWithTraffic(bed);
            byte[] tooShort = {0x20, 0x01};
            bed.n4Peer("127.0.0.1").send(new DatagramPacket(tooShort, tooShort.length, bed.agent.n4Address()));
            Thread.sleep(200); // the PFCP event loop counts the dropped datagram
            text = scrape(bed);
        }
        Matcher help = Pattern.compile("(?m)^# HELP (\\S+) ").matcher(text);
        while (help.find()) {
            served.add(help.group(1));
        }
        for (String metric : metrics) {
            assertThat(doc).as("docs/metrics.md lists " + metric).contains("`" + metric + "`");
            assertThat(served).as("the agent serves " + metric).contains(metric);
        }
        long bytes = (long) TrafficSession.PACKETS * TrafficSession.INNER;
        assertThat(text).contains("upf_datapath_forwarded_bytes_total{direction=\"uplink\"} " + bytes + ".0",
                "upf_datapath_forwarded_bytes_total{direction=\"downlink\"} " + bytes + ".0",
                "upf_datapath_forwarded_packets_total{direction=\"uplink\"} " + TrafficSession.PACKETS + ".0");
        Matcher runs = Pattern.compile("(?m)^upf_bpf_program_runs_total\\{program=\"upf_gtpu_in\"} (\\S+)$")
                .matcher(text);
        assertThat(runs.find()).isTrue();
        assertThat(Double.parseDouble(runs.group(1))).isGreaterThanOrEqualTo(TrafficSession.PACKETS);
    }

    private static boolean balanced(String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    private static String scrape(AgentTestbed bed) {
        return Netns.call(bed.upf.name(), () -> {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + bed.agent.metricsPort()
                    + "/metrics").openConnection();
            c.setConnectTimeout(3000);
            c.setReadTimeout(3000);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                c.disconnect();
            }
        });
    }
}
