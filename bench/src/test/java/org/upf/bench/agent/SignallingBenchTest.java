package org.upf.bench.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upf.bench.Result;

/** A tiny signalling benchmark against the real agent and kernel, so `make test` catches a broken bench. */
class SignallingBenchTest {
    @Test
    void establishesEverySessionAndReportsEveryFigure() {
        SignallingBench.Options o = SignallingBench.Options.parse("--sessions", "300,200", "--warmup", "50",
                "--latency-sessions", "100", "--latency-rate", "1000", "--limit", "PT60S", "--process-warmup", "200",
                "--process-rate-sessions", "0");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Result> results = SignallingBench.run(o, new PrintStream(log, true));
        Map<String, Double> figures = results.stream().collect(Collectors.toMap(Result::name, Result::value,
                (a, b) -> b));

        assertThat(figures).containsKeys("agent.establish.rate", "agent.establish.rate.cpu",
                "agent.establish.latency.p50", "agent.establish.latency.p99", "agent.establish.rate.sessions_200",
                "agent.memory.kernel_per_session.sessions_300", "agent.memory.heap_per_session.sessions_300",
                "agent.memory.kernel_per_session.sessions_200", "agent.memory.heap_per_session.sessions_200",
                "agent.establish.latency.process.p50", "agent.establish.latency.process.p99",
                "agent.establish.latency.process.achieved", "agent.establish.latency.process.timeouts");
        assertThat(figures.get("agent.establish.rate")).isPositive();
        assertThat(figures.get("agent.establish.latency.p99")).isGreaterThanOrEqualTo(
                figures.get("agent.establish.latency.p50")).isPositive();
        // The agent process answered every establishment of its runs (a failure to start fails the run).
        assertThat(figures.get("agent.establish.latency.process.p99")).isGreaterThanOrEqualTo(
                figures.get("agent.establish.latency.process.p50")).isPositive();
        assertThat(figures.get("agent.establish.latency.process.timeouts")).isZero();
        assertThat(figures.get("agent.establish.latency.process.cpu_share")).isPositive();
        assertThat(log.toString()).contains("warm-up at 1000/s, agent process", "latency at 1000/s, agent process");
        assertThat(figures).doesNotContainKeys("agent.establish.rate.process", "agent.establish.rate.process.cpu");
        // The maps are sized for the session count: their memlock per session is at least one session's entries.
        assertThat(figures.get("agent.memory.kernel_per_session.sessions_300")).isGreaterThan(100);
        assertThat(figures.get("agent.memory.heap_per_session.sessions_300")).isPositive();
        assertThat(figures.get("agent.idle.background_cpu_share")).isNotNegative();
        assertThat(figures).containsKey("agent.idle.background_cpu_share.sessions_200");
        assertThat(log.toString()).contains("300 sessions", "200 sessions");
    }

    @Test
    void onlyTheAgentProcessWithItsTraceAndLog(@TempDir Path dir) throws Exception {
        SignallingBench.Options o = SignallingBench.Options.parse("--sessions", "300", "--warmup", "50", "--latency-sessions", "100",
                "--latency-rate", "1000", "--limit", "PT60S", "--process-warmup", "100", "--only", "process",
                "--trace", dir.toString(), "--process-rate-sessions", "2000");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Result> results = SignallingBench.run(o, new PrintStream(log, true));
        Map<String, Double> figures = results.stream().collect(Collectors.toMap(Result::name, Result::value,
                (a, b) -> b));

        assertThat(results).extracting(Result::name).contains("agent.establish.latency.process.p99")
                .doesNotContain("agent.establish.rate", "agent.memory.heap_per_session.sessions_300");
        // One line per measured request: its send time (System.nanoTime) and latency, both in nanoseconds.
        List<String> trace = Files.readAllLines(dir.resolve("latency-trace.txt"));
        assertThat(trace).hasSize(100).allSatisfy(l -> assertThat(l).matches("\\d+ \\d+"));
        assertThat(Files.readString(dir.resolve("agent.log"))).contains("upf agent: serving PFCP");
        // The agent process's rate: its event-loop thread found by name in /proc and its CPU time counted (at least
        // one clock tick, else the run fails), and the whole JVM's CPU per establishment.
        assertThat(log.toString()).contains("2000/2000 ok", "agent process CPU: event loop");
        assertThat(figures.get("agent.establish.rate.process.cpu")).isPositive().isFinite();
        assertThat(figures.get("agent.establish.rate.process")).isPositive();
        assertThat(figures.get("agent.establish.process.cpu_us_per_session")).isPositive();
    }

    @Test
    void theFloorInTheAgentsPlaceWithItsTraceAndLog(@TempDir Path dir) throws Exception {
        SignallingBench.Options o = SignallingBench.Options.parse("--latency-sessions", "100", "--latency-rate", "1000",
                "--limit", "PT60S", "--process-warmup", "100", "--only", "floor", "--trace", dir.toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Result> results = SignallingBench.run(o, new PrintStream(log, true));
        Map<String, Double> figures = results.stream().collect(Collectors.toMap(Result::name, Result::value,
                (a, b) -> b));

        // Its own process (bin/agent-java in the namespace, as the agent) answered every establishment.
        assertThat(Files.readString(dir.resolve("floor.log"))).contains("floor: serving PFCP on /127.0.0.1:8805");
        assertThat(log.toString()).contains("warm-up at 1000/s, floor", "latency at 1000/s, floor", "100/100 ok");
        assertThat(figures.get("agent.establish.latency.floor.p99")).isGreaterThanOrEqualTo(
                figures.get("agent.establish.latency.floor.p50")).isPositive();
        assertThat(figures.get("agent.establish.latency.floor.timeouts")).isZero();
        assertThat(figures.get("agent.establish.latency.floor.cpu_share")).isPositive();
        assertThat(figures).containsKey("agent.establish.latency.floor.achieved")
                .doesNotContainKeys("agent.establish.latency.process.p99", "agent.establish.rate");
        assertThat(Files.readAllLines(dir.resolve("floor-latency-trace.txt"))).hasSize(100);
    }

    @Test
    void everyUeHasItsOwnSlash64InTheDocumentationPrefix() throws Exception {
        assertThat(SignallingBench.ue(0x01020304)).isEqualTo(java.net.InetAddress.getByName("2001:db8:102:304::1"));
        assertThat(SignallingBench.ue(999_999)).isEqualTo(java.net.InetAddress.getByName("2001:db8:f:423f::1"));
    }

    @Test
    void rejectsAnUnknownOption() {
        assertThatThrownBy(() -> SignallingBench.Options.parse("--session", "5"))
                .hasMessageContaining("unknown option --session");
        assertThatThrownBy(() -> SignallingBench.Options.parse("--only", "fill"))
                .hasMessageContaining("--only takes process, inprocess or floor, not fill");
    }
}
