package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.NextHopCacheTest.CPU;
import static org.upf.bpf.dataplane.NextHopCacheTest.DATA;
import static org.upf.bpf.dataplane.NextHopCacheTest.NEW_MAC;
import static org.upf.bpf.dataplane.NextHopCacheTest.gpdu;
import static org.upf.bpf.dataplane.NextHopCacheTest.toGnb;
import static org.upf.bpf.dataplane.NextHopCacheTest.toUe;
import static org.upf.bpf.dataplane.Sessions.UE;
import static org.upf.bpf.dataplane.Testbed.DN_GW;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB;
import static org.upf.bpf.dataplane.Testbed.GNB_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upf.bpf.Netns;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.route.NextHopCacheGuard;
import org.upf.bpf.route.RouteChangeWatcher;
import org.upf.bpf.route.RoutingPolicy;

/**
 * The route watcher keeps the next-hop cache in step with the UPF namespace's routing: with a TTL of a minute,
 * only its flush can explain a packet taking a new next hop within seconds. Every change made here is undone in
 * the test; each test closes its watcher.
 */
class RouteChangeWatcherTest {
    static final Duration TTL = Duration.ofMinutes(1);
    /** A second router on the N6 subnet. */
    static final String DN_GW2 = "198.18.6.3";
    /** Bound of every wait for the watcher (it acts within one interval, 50 ms). */
    static final Duration WAIT = Duration.ofSeconds(10);
    static Testbed bed;
    final List<RouteChangeWatcher> watchers = new ArrayList<>();

    @BeforeAll
    static void setUpTestbed() {
        bed = new Testbed(DataplaneConfig.small(8).withNextHopTtl(TTL));
        bed.ns.ip("neigh", "replace", DN_GW2, "lladdr", NEW_MAC, "dev", "n6", "nud", "permanent");
    }

    @AfterAll
    static void closeTestbed() {
        bed.close();
    }

    @BeforeEach
    void installSessionOnAnEmptyCache() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV4()).build());
        bed.dp.nextHopTtl(TTL);
    }

    @AfterEach
    void closeWatchers() {
        watchers.forEach(RouteChangeWatcher::close);
    }

    /** A watcher of the testbed's namespace driving its data path, TTL configured explicitly or not. */
    RouteChangeWatcher watch(boolean explicitTtl) {
        return watch(new NextHopCacheGuard(bed.dp, TTL, explicitTtl), RouteChangeWatcher.DEFAULT_RECEIVE_BUFFER);
    }

    RouteChangeWatcher watch(RouteChangeWatcher.Listener listener, int receiveBufferBytes) {
        RouteChangeWatcher w = Netns.call(bed.ns.name(), () -> RouteChangeWatcher.start(listener,
                RouteChangeWatcher.DEFAULT_INTERVAL, receiveBufferBytes));
        watchers.add(w);
        return w;
    }

    static byte[] uplink() {
        return gpdu().ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();
    }

    static byte[] uplinkOut(String routerMac) {
        return Packet.eth(UPF_N6_MAC, routerMac).ipv4(UE, DN_HOST, l -> l.ttl(63)).udp(40000, 5001).payload(DATA)
                .build();
    }

    static byte[] forward(Role role, byte[] frame) {
        TestRunResult r = bed.runOnCpu(CPU, role, frame);
        assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
        return r.dataOut();
    }

    /** Sends frame until it leaves as expected (bounded by WAIT); returns how long that took. */
    static Duration forwardedAs(Role role, byte[] frame, byte[] expected) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + WAIT.toNanos();
        while (!Arrays.equals(forward(role, frame), expected)) {
            assertThat(System.nanoTime()).as("the new next hop within %s", WAIT).isLessThan(deadline);
            Thread.sleep(10);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    static Optional<NextHop> entryFor(String destination) {
        return bed.dp.nextHops().stream().filter(nh -> nh.destination().equals(Sessions.addr(destination)))
                .findFirst();
    }

    @Test
    void neighbourWithANewMacIsUsedLongBeforeTheTtl() throws InterruptedException {
        watch(true);
        assertThat(forward(Role.N6, toUe())).isEqualTo(toGnb(GNB_MAC));
        assertThat(forward(Role.N6, toUe())).as("cached").isEqualTo(toGnb(GNB_MAC));
        bed.ns.ip("neigh", "replace", GNB, "lladdr", NEW_MAC, "dev", "n3", "nud", "permanent");
        try {
            assertThat(forwardedAs(Role.N6, toUe(), toGnb(NEW_MAC))).isLessThan(WAIT);
            assertThat(entryFor(GNB)).hasValueSatisfying(nh -> assertThat(nh.destinationMac()).isEqualTo(NEW_MAC));
        } finally {
            bed.ns.ip("neigh", "replace", GNB, "lladdr", GNB_MAC, "dev", "n3", "nud", "permanent");
        }
    }

    @Test
    void neighbourStateRefreshWithTheSameMacKeepsTheCache() throws InterruptedException {
        RouteChangeWatcher w = watch(true);
        forward(Role.N6, toUe());
        forward(Role.N6, toUe());
        long flushes = w.flushes();

        bed.ns.ip("neigh", "replace", GNB, "lladdr", GNB_MAC, "dev", "n3", "nud", "reachable");
        try {
            Thread.sleep(500); // ten flush intervals: a flush of this change would have run by now

            assertThat(w.flushes()).isEqualTo(flushes);
            forward(Role.N6, toUe());
            assertThat(entryFor(GNB)).hasValueSatisfying(nh -> assertThat(nh.hits()).isEqualTo(2));
        } finally {
            bed.ns.ip("neigh", "replace", GNB, "lladdr", GNB_MAC, "dev", "n3", "nud", "permanent");
        }
    }

    @Test
    void routeToAnotherRouterIsUsedLongBeforeTheTtl() throws InterruptedException {
        watch(true);
        assertThat(forward(Role.N3, uplink())).isEqualTo(uplinkOut(DN_MAC));
        assertThat(forward(Role.N3, uplink())).as("cached").isEqualTo(uplinkOut(DN_MAC));
        bed.ns.ip("route", "replace", "198.19.100.0/24", "via", DN_GW2, "dev", "n6");
        try {
            assertThat(forwardedAs(Role.N3, uplink(), uplinkOut(NEW_MAC))).isLessThan(WAIT);
        } finally {
            bed.ns.ip("route", "replace", "198.19.100.0/24", "via", DN_GW, "dev", "n6");
        }
    }

    @Test
    void sourceRuleTurnsTheCacheOffUntilItIsGone() throws InterruptedException {
        watch(false);
        withSourceRuleToTheSecondRouter(() -> {
            await("cache off", () -> bed.dp.nextHopTtl().isZero());
            forward(Role.N3, uplink());
            assertThat(entryFor(DN_HOST)).as("nothing cached with TTL 0").isEmpty();
        });
        await("configured TTL back", () -> bed.dp.nextHopTtl().equals(TTL));
        assertThat(forwardedAs(Role.N3, uplink(), uplinkOut(DN_MAC))).isLessThan(WAIT);
        forward(Role.N3, uplink());
        assertThat(entryFor(DN_HOST)).as("cached again").isPresent();
    }

    @Test
    void explicitTtlStaysOnAPolicyRuleButTheRuleStillFlushes() throws InterruptedException {
        watch(true);
        withSourceRuleToTheSecondRouter(() -> assertThat(bed.dp.nextHopTtl()).isEqualTo(TTL));
    }

    @Test
    void aPolicyTheListenerFailedToTakeIsGivenAgain() throws InterruptedException {
        NextHopCacheGuard guard = new NextHopCacheGuard(bed.dp, TTL, false);
        AtomicBoolean failed = new AtomicBoolean();
        watch(new RouteChangeWatcher.Listener() {
            @Override
            public void flush() {
                guard.flush();
            }

            @Override
            public void routingPolicy(Optional<String> reason) {
                if (reason.isPresent() && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("the data path refused the new TTL (test)");
                }
                guard.routingPolicy(reason);
            }
        }, RouteChangeWatcher.DEFAULT_RECEIVE_BUFFER);
        withSourceRuleToTheSecondRouter(() -> {
            await("cache off after the failed attempt", () -> bed.dp.nextHopTtl().isZero());
            assertThat(failed).isTrue();
        });
    }

    interface Check {
        void run() throws InterruptedException;
    }

    /**
     * Fills the cache with the uplink's next hop, sends the UE's traffic to the second router by a source rule,
     * waits until the uplink packet takes it and runs check; removes the rule and its table afterwards.
     */
    static void withSourceRuleToTheSecondRouter(Check check) throws InterruptedException {
        assertThat(forward(Role.N3, uplink())).isEqualTo(uplinkOut(DN_MAC));
        bed.ns.ip("route", "add", "198.19.100.0/24", "via", DN_GW2, "dev", "n6", "table", "100");
        bed.ns.ip("rule", "add", "from", UE, "lookup", "100", "pref", "100");
        try {
            forwardedAs(Role.N3, uplink(), uplinkOut(NEW_MAC));
            check.run();
        } finally {
            bed.ns.ip("rule", "del", "pref", "100");
            bed.ns.ip("route", "flush", "table", "100");
        }
    }

    @Test
    void policyNamesSourceAndPortRulesEcmpRoutesAndGroupsAndSourceSpecificRoutes() {
        String ns = bed.ns.name();
        assertThat(Netns.call(ns, RoutingPolicy::check)).as("the testbed's routing").isEmpty();
        // Rules the cache key covers, or that never match the data path's lookups (mark 0, no oif).
        bed.ns.ip("rule", "add", "iif", "n3", "lookup", "100", "pref", "101");
        bed.ns.ip("rule", "add", "to", "198.19.0.0/16", "lookup", "100", "pref", "102");
        bed.ns.ip("rule", "add", "fwmark", "7", "lookup", "100", "pref", "103");
        bed.ns.ip("rule", "add", "tos", "0x10", "lookup", "100", "pref", "104");
        try {
            assertThat(Netns.call(ns, RoutingPolicy::check)).as("destination/iif/mark/ToS rules").isEmpty();

            bed.ns.ip("rule", "add", "from", "198.19.0.0/16", "lookup", "100", "pref", "105");
            bed.ns.ip("-6", "rule", "add", "dport", "443", "lookup", "100", "pref", "106");
            bed.ns.ip("route", "add", "198.19.200.0/24", "nexthop", "via", DN_GW, "nexthop", "via", DN_GW2);
            bed.ns.ip("-6", "route", "add", "2001:db8:200::/64", "from", "2001:db8:7::/64", "via",
                    Testbed.DN_GW_V6);
            bed.ns.ip("-6", "route", "add", "2001:db8:300::/64", "nexthop", "via", Testbed.DN_GW_V6, "nexthop",
                    "via", "2001:db8:6::3");
            bed.ns.ip("nexthop", "add", "id", "1", "via", DN_GW, "dev", "n6");
            bed.ns.ip("nexthop", "add", "id", "2", "via", DN_GW2, "dev", "n6");
            bed.ns.ip("nexthop", "add", "id", "10", "group", "1/2");
            // Routes through nexthop objects then show their id, not the expanded paths (which read as ECMP above).
            bed.ns.sysctl("net.ipv4.nexthop_compat_mode", "0");
            bed.ns.ip("route", "add", "198.19.210.0/24", "nhid", "10");
            bed.ns.ip("route", "add", "198.19.211.0/24", "nhid", "1");

            assertThat(Netns.call(ns, RoutingPolicy::check)).hasValueSatisfying(reasons -> assertThat(
                    reasons.lines()).containsExactlyInAnyOrder(
                    "IPv4 rule 105 from 198.19.0.0/16 (table 100) selects by source address; "
                            + "the next-hop cache keys by destination",
                    "IPv6 rule 106 (table 100) selects by L4 port; the next-hop cache keys by destination",
                    "IPv4 route 198.19.200.0/24 (table 254) is multipath (ECMP); "
                            + "the next-hop cache keeps one path per destination",
                    "IPv6 route 2001:db8:200:0:0:0:0:0/64 (table 254) is source-specific "
                            + "(from 2001:db8:7:0:0:0:0:0/64); the next-hop cache keeps one path per destination",
                    "IPv6 route 2001:db8:300:0:0:0:0:0/64 (table 254) is multipath (ECMP); "
                            + "the next-hop cache keeps one path per destination",
                    "IPv4 route 198.19.210.0/24 (table 254) uses a multipath nexthop group; "
                            + "the next-hop cache keeps one path per destination"));
        } finally {
            for (String pref : List.of("101", "102", "103", "104", "105")) {
                bed.ns.ip("rule", "del", "pref", pref);
            }
            bed.ns.ip("-6", "rule", "del", "pref", "106");
            bed.ns.ip("route", "del", "198.19.200.0/24");
            bed.ns.ip("-6", "route", "del", "2001:db8:200::/64", "from", "2001:db8:7::/64");
            bed.ns.ip("-6", "route", "del", "2001:db8:300::/64");
            bed.ns.ip("nexthop", "flush"); // and the routes through them
            bed.ns.sysctl("net.ipv4.nexthop_compat_mode", "1");
        }
        assertThat(Netns.call(ns, RoutingPolicy::check)).isEmpty();
    }

    @Test
    void closeStopsTheThreadAndALaterChangeFlushesNothing() throws InterruptedException {
        RouteChangeWatcher w = watch(true);
        forward(Role.N6, toUe());

        w.close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("route-watcher"));
        long flushes = w.flushes();
        bed.ns.ip("neigh", "replace", GNB, "lladdr", NEW_MAC, "dev", "n3", "nud", "permanent");
        try {
            Thread.sleep(300);
            assertThat(w.flushes()).isEqualTo(flushes);
            assertThat(forward(Role.N6, toUe())).as("still cached").isEqualTo(toGnb(GNB_MAC));
        } finally {
            bed.ns.ip("neigh", "replace", GNB, "lladdr", GNB_MAC, "dev", "n3", "nud", "permanent");
            bed.dp.flushNextHops();
        }
    }

    @Test
    void lostNotificationsFlushAndReReadTheNeighbours(@TempDir Path dir)
            throws InterruptedException, IOException {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean();
        RouteChangeWatcher.Listener holding = new RouteChangeWatcher.Listener() {
            @Override
            public void flush() {
                bed.dp.flushNextHops();
                if (armed.getAndSet(false)) {
                    blocked.countDown();
                    awaitQuietly(release);
                }
            }

            @Override
            public void routingPolicy(Optional<String> reason) {
            }
        };
        RouteChangeWatcher w = watch(holding, 4096); // about the smallest buffer the kernel allows
        armed.set(true); // after the flush at start, which runs on the creating thread
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            batch.append("route add 198.19.201.").append(i).append("/32 via ").append(DN_GW).append(" table 201\n");
        }
        Path file = Files.writeString(dir.resolve("routes"), batch);
        try {
            bed.ns.ip("route", "add", "198.19.202.0/24", "via", DN_GW, "table", "201");
            assertThat(blocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("watcher flushing").isTrue();
            bed.ns.ip("-batch", file.toString()); // while the watcher's thread reads nothing
            long flushes = w.flushes();
            release.countDown();

            await("an overrun seen", () -> w.overruns() > 0);
            await("a flush after it", () -> w.flushes() > flushes);
            // The neighbour table was read again: a new MAC of a known neighbour still flushes.
            forward(Role.N6, toUe());
            bed.ns.ip("neigh", "replace", GNB, "lladdr", NEW_MAC, "dev", "n3", "nud", "permanent");
            forwardedAs(Role.N6, toUe(), toGnb(NEW_MAC));
        } finally {
            release.countDown();
            bed.ns.ip("neigh", "replace", GNB, "lladdr", GNB_MAC, "dev", "n3", "nud", "permanent");
            bed.ns.ip("route", "flush", "table", "201");
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
