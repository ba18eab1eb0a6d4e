package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The agent keeps the next-hop cache in step with its namespace's routing (routing.watchChanges): a policy rule by
 * source turns the cache off (TTL 0) while it exists unless routing.nextHopTtl was set; without watching, the
 * policy is checked once at start; the watcher's thread ends with the agent; the TTL in force and the flushes are
 * metrics.
 */
class AgentRoutingTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String RULE_FROM_UES = "198.19.0.0/16";

    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Route watcher threads alive (other test classes' agents may have left some behind: compare counts). */
    static long watchers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("route-watcher")).count();
    }

    @Test
    void sourceRuleTurnsTheCacheOffWhileItExistsAndTheWatcherStopsWithTheAgent() throws InterruptedException {
        long before = watchers();
        try (AgentTestbed bed = new AgentTestbed(Map.of("metrics.address", "127.0.0.1:0"))) {
            assertThat(bed.agent.dataplane().nextHopTtl()).isEqualTo(Duration.ofSeconds(1));
            assertThat(watchers()).isEqualTo(before + 1);
            assertThat(AgentMetricsTest.scrape(bed, "/metrics")).contains("upf_nexthop_ttl_seconds 1.0")
                    .contains("upf_route_notifications_lost_total 0.0").containsPattern("upf_nexthop_flushes_total [1-9]");

            bed.upf.ip("rule", "add", "from", RULE_FROM_UES, "lookup", "main", "pref", "100");
            await("cache off", () -> bed.agent.dataplane().nextHopTtl().isZero());
            assertThat(AgentMetricsTest.scrape(bed, "/metrics")).contains("upf_nexthop_ttl_seconds 0.0");
            bed.upf.ip("rule", "del", "pref", "100");
            await("cache on again", () -> bed.agent.dataplane().nextHopTtl().equals(Duration.ofSeconds(1)));

            bed.stopAgent();
            assertThat(watchers()).isEqualTo(before);
        }
    }

    @Test
    void withoutWatchingARuleAtStartStillTurnsTheCacheOff() {
        long before = watchers();
        try (AgentTestbed bed = new AgentTestbed(Map.of("routing.watchChanges", "false"))) {
            assertThat(watchers()).isEqualTo(before);
            bed.upf.ip("rule", "add", "from", RULE_FROM_UES, "lookup", "main", "pref", "100");
            bed.restartAgent();

            assertThat(bed.agent.dataplane().nextHopTtl()).isZero();
        }
    }

    @Test
    void anExplicitTtlStaysDespiteARule() {
        try (AgentTestbed bed = new AgentTestbed(Map.of("routing.nextHopTtl", "5s"))) {
            bed.upf.ip("rule", "add", "from", RULE_FROM_UES, "lookup", "main", "pref", "100");
            bed.restartAgent();

            assertThat(bed.agent.dataplane().nextHopTtl()).isEqualTo(Duration.ofSeconds(5));
        }
    }
}
