package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.Sessions.DSCP_EF_TOS;
import static org.upf.bpf.dataplane.Sessions.GNB_TEID;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.TEID;
import static org.upf.bpf.dataplane.Sessions.UE;
import static org.upf.bpf.dataplane.Sessions.UE_V6;
import static org.upf.bpf.dataplane.Testbed.DN_GW;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_HOST_V6;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB;
import static org.upf.bpf.dataplane.Testbed.GNB_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB_V6;
import static org.upf.bpf.dataplane.Testbed.UPF_N3;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_V6;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.packet.PacketBuilder;

/**
 * The next-hop cache (upf_nexthop_v2) in front of bpf_fib_lookup: filled by the first packet's lookup, used by the
 * next ones, renewed after its TTL or a flush, never holding a failed lookup. Every packet runs on CPU 0, whose
 * copy of the per-CPU cache the assertions read.
 */
class NextHopCacheTest {
    static final int CPU = 0;
    static final byte[] DATA = "next hop payload".getBytes();
    static final String NEW_MAC = "02:00:00:00:0a:0a";
    /** An address without a route in the test namespace (no default route there). */
    static final String UNROUTED = "198.19.201.1";
    static Testbed bed;

    @BeforeAll
    static void setUpTestbed() {
        // A TTL far beyond any test's run time: entries change only by flush here (expiry has its own testbed).
        bed = new Testbed(DataplaneConfig.small(8).withNextHopTtl(Duration.ofMinutes(1)));
    }

    @AfterAll
    static void closeTestbed() {
        bed.close();
    }

    @BeforeEach
    void installSessionOnAnEmptyCache() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV4()).build());
        bed.dp.flushNextHops();
    }

    static byte[] uplink(PacketBuilder inner) {
        return inner.udp(40000, 5001).payload(DATA).build();
    }

    static PacketBuilder gpdu() {
        return Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(TEID).pduSessionContainerUl(QFI);
    }

    static byte[] toUe() {
        return Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE).udp(5001, 40000).payload(DATA).build();
    }

    static byte[] toGnb(String gnbMac) {
        return Packet.eth(UPF_N3_MAC, gnbMac).ipv4(UPF_N3, GNB, l -> l.tos(DSCP_EF_TOS).dontFragment())
                .udp(2152, 2152, u -> u.noChecksum()).gtpu(GNB_TEID).pduSessionContainerDl(QFI)
                .ipv4(DN_HOST, UE, l -> l.ttl(63)).udp(5001, 40000).payload(DATA).build();
    }

    /** Runs frame three times on CPU 0, each time expecting a redirect of expected. */
    static void forwardThrice(Role role, byte[] frame, byte[] expected) {
        for (int i = 0; i < 3; i++) {
            TestRunResult r = bed.runOnCpu(CPU, role, frame);
            assertThat(r.retval()).as("verdict of packet %d", i).isEqualTo(Xdp.REDIRECT);
            assertThat(r.dataOut()).as("frame of packet %d", i).isEqualTo(expected);
        }
    }

    static List<NextHop> entriesFor(String destination) {
        return bed.dp.nextHops().stream()
                .filter(nh -> nh.destination().equals(Sessions.addr(destination))).toList();
    }

    @Test
    void firstUplinkIpv4PacketFillsTheEntryAndTheNextOnesUseIt() {
        byte[] in = uplink(gpdu().ipv4(UE, DN_HOST));
        byte[] out = uplink(Packet.eth(UPF_N6_MAC, DN_MAC).ipv4(UE, DN_HOST, l -> l.ttl(63)));

        forwardThrice(Role.N3, in, out);

        assertThat(entriesFor(DN_HOST)).singleElement().satisfies(nh -> {
            assertThat(nh.cpu()).isEqualTo(CPU);
            assertThat(nh.ingressIfindex()).isEqualTo(bed.n3);
            assertThat(nh.egressIfindex()).isEqualTo(bed.n6);
            assertThat(nh.sourceMac()).isEqualTo(UPF_N6_MAC);
            assertThat(nh.destinationMac()).isEqualTo(DN_MAC);
            assertThat(nh.maxLength()).isEqualTo(out.length - 14);
            assertThat(nh.hits()).as("packets after the first").isEqualTo(2);
        });
    }

    @Test
    void firstUplinkIpv6PacketFillsTheEntryAndTheNextOnesUseIt() {
        byte[] in = uplink(gpdu().ipv6(UE_V6, DN_HOST_V6));
        byte[] out = uplink(Packet.eth(UPF_N6_MAC, DN_MAC).ipv6(UE_V6, DN_HOST_V6, l -> l.hopLimit(63)));

        forwardThrice(Role.N3, in, out);

        assertThat(entriesFor(DN_HOST_V6)).singleElement().satisfies(nh -> {
            assertThat(nh.egressIfindex()).isEqualTo(bed.n6);
            assertThat(nh.destinationMac()).isEqualTo(DN_MAC);
            assertThat(nh.tos()).isZero();
            assertThat(nh.hits()).isEqualTo(2);
        });
    }

    @Test
    void downlinkOverIpv4IsCachedByGnbAddressAndMarking() {
        forwardThrice(Role.N6, toUe(), toGnb(GNB_MAC));

        assertThat(entriesFor(GNB)).singleElement().satisfies(nh -> {
            assertThat(nh.ingressIfindex()).isEqualTo(bed.n6);
            assertThat(nh.egressIfindex()).isEqualTo(bed.n3);
            assertThat(nh.sourceMac()).isEqualTo(UPF_N3_MAC);
            assertThat(nh.destinationMac()).isEqualTo(GNB_MAC);
            assertThat(nh.tos()).isEqualTo(DSCP_EF_TOS);
            assertThat(nh.maxLength()).isEqualTo(toGnb(GNB_MAC).length - 14);
            assertThat(nh.hits()).isEqualTo(2);
        });
    }

    @Test
    void downlinkOverIpv6IsCachedByGnbAddress() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV6()).build());
        byte[] toUe = Packet.eth(DN_MAC, UPF_N6_MAC).ipv6(DN_HOST_V6, UE_V6).udp(5001, 40000).payload(DATA).build();
        byte[] first = bed.runOnCpu(CPU, Role.N6, toUe).dataOut();
        assertThat(first).startsWith(Packet.eth(UPF_N3_MAC, GNB_MAC).ipv6(UPF_N3_V6, GNB_V6).build()[0]);

        forwardThrice(Role.N6, toUe, first);

        assertThat(entriesFor(GNB_V6)).singleElement().satisfies(nh -> {
            assertThat(nh.egressIfindex()).isEqualTo(bed.n3);
            assertThat(nh.destinationMac()).isEqualTo(GNB_MAC);
            assertThat(nh.hits()).isEqualTo(3);
        });
    }

    @Test
    void neighbourChangeIsSeenAfterAFlushAndNotBefore() {
        forwardThrice(Role.N6, toUe(), toGnb(GNB_MAC));
        bed.ns.ip("neigh", "replace", GNB, "lladdr", NEW_MAC, "dev", "n3", "nud", "permanent");
        try {
            assertThat(bed.runOnCpu(CPU, Role.N6, toUe()).dataOut()).as("cached").isEqualTo(toGnb(GNB_MAC));

            bed.dp.flushNextHops();

            forwardThrice(Role.N6, toUe(), toGnb(NEW_MAC));
            assertThat(entriesFor(GNB)).singleElement().satisfies(nh -> {
                assertThat(nh.destinationMac()).isEqualTo(NEW_MAC);
                assertThat(nh.hits()).isEqualTo(2);
            });
        } finally {
            bed.ns.ip("neigh", "replace", GNB, "lladdr", GNB_MAC, "dev", "n3", "nud", "permanent");
        }
    }

    @Test
    void expiredEntryAsksTheFibAgainAndPicksUpTheNewNeighbour() throws InterruptedException {
        try (Testbed shortLived = new Testbed(DataplaneConfig.small(8).withNextHopTtl(Duration.ofMillis(200)))) {
            shortLived.dp.install(Sessions.basic(Sessions.toGnbV4()).build());
            assertThat(shortLived.runOnCpu(CPU, Role.N6, toUe()).dataOut()).isEqualTo(toGnb(GNB_MAC));
            shortLived.ns.ip("neigh", "replace", GNB, "lladdr", NEW_MAC, "dev", "n3", "nud", "permanent");

            Thread.sleep(300); // past the TTL, and past the coarse clock's tick

            TestRunResult r = shortLived.runOnCpu(CPU, Role.N6, toUe());
            assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
            assertThat(r.dataOut()).isEqualTo(toGnb(NEW_MAC));
            assertThat(shortLived.dp.nextHops()).filteredOn(nh -> nh.destination().equals(Sessions.addr(GNB)))
                    .singleElement().satisfies(nh -> {
                        assertThat(nh.destinationMac()).isEqualTo(NEW_MAC);
                        assertThat(nh.hits()).as("a refill, not a hit").isZero();
                    });
        }
    }

    @Test
    void ttlZeroAsksTheFibForEveryPacket() {
        try (Testbed uncached = new Testbed(DataplaneConfig.small(8).withNextHopTtl(Duration.ZERO))) {
            uncached.dp.install(Sessions.basic(Sessions.toGnbV4()).build());
            assertThat(uncached.runOnCpu(CPU, Role.N6, toUe()).dataOut()).isEqualTo(toGnb(GNB_MAC));
            uncached.ns.ip("neigh", "replace", GNB, "lladdr", NEW_MAC, "dev", "n3", "nud", "permanent");

            assertThat(uncached.runOnCpu(CPU, Role.N6, toUe()).dataOut()).isEqualTo(toGnb(NEW_MAC));
            assertThat(uncached.dp.nextHops()).isEmpty();
        }
    }

    @Test
    void unresolvedGnbIsReportedForEveryPacketAndNotCached() {
        bed.dp.install(Sessions.basic(FarRule.forwardGtpu(Sessions.addr(UPF_N3),
                Sessions.addr(Testbed.GNB_UNRESOLVED), GNB_TEID, null)).build());
        long before = bed.controlPath(CpReason.NEIGH_MISS);

        assertThat(bed.runOnCpu(CPU, Role.N6, toUe()).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.runOnCpu(CPU, Role.N6, toUe()).retval()).isEqualTo(Xdp.DROP);

        assertThat(bed.controlPath(CpReason.NEIGH_MISS)).isEqualTo(before + 2);
        assertThat(bed.dp.nextHops()).isEmpty();
    }

    @Test
    void routeMissIsDroppedForEveryPacketAndNotCached() {
        byte[] in = uplink(gpdu().ipv4(UE, UNROUTED));
        long before = bed.drops(DropReason.FIB_MISS);

        assertThat(bed.runOnCpu(CPU, Role.N3, in).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.runOnCpu(CPU, Role.N3, in).retval()).isEqualTo(Xdp.DROP);

        assertThat(bed.drops(DropReason.FIB_MISS)).isEqualTo(before + 2);
        assertThat(bed.dp.nextHops()).isEmpty();
    }

    @Test
    void neighbourGoneAfterAFlushSendsPlainIpToTheStack() {
        byte[] in = uplink(gpdu().ipv4(UE, DN_HOST));
        forwardThrice(Role.N3, in, uplink(Packet.eth(UPF_N6_MAC, DN_MAC).ipv4(UE, DN_HOST, l -> l.ttl(63))));
        bed.ns.ip("neigh", "del", DN_GW, "dev", "n6");
        try {
            bed.dp.flushNextHops();
            long before = bed.controlPath(CpReason.NEIGH_MISS);

            assertThat(bed.runOnCpu(CPU, Role.N3, in).retval()).isEqualTo(Xdp.PASS);

            assertThat(bed.controlPath(CpReason.NEIGH_MISS)).isEqualTo(before + 1);
            assertThat(entriesFor(DN_HOST)).isEmpty();
        } finally {
            bed.ns.ip("neigh", "replace", DN_GW, "lladdr", DN_MAC, "dev", "n6", "nud", "permanent");
        }
    }

    @Test
    void packetLongerThanTheEntryHasSeenAsksTheFibForItsMtu() {
        forwardThrice(Role.N6, toUe(), toGnb(GNB_MAC));
        byte[] tooBig = Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE).udp(5001, 40000).payload(new byte[1460])
                .build();
        // 1500 - 44 octets of GTP-U/UDP/IPv4 with the container: the largest inner packet that still fits.
        byte[] fits = Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE).udp(5001, 40000)
                .payload(new byte[1456 - 28]).build();
        long tooBigBefore = bed.controlPath(CpReason.TOO_BIG);

        assertThat(bed.runOnCpu(CPU, Role.N6, tooBig).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.controlPath(CpReason.TOO_BIG)).isEqualTo(tooBigBefore + 1);
        assertThat(bed.runOnCpu(CPU, Role.N6, fits).retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(bed.runOnCpu(CPU, Role.N6, tooBig).retval()).as("still asks the FIB").isEqualTo(Xdp.DROP);
        assertThat(bed.controlPath(CpReason.TOO_BIG)).isEqualTo(tooBigBefore + 2);

        assertThat(entriesFor(GNB)).singleElement().satisfies(nh -> {
            assertThat(nh.maxLength()).isEqualTo(1500);
            assertThat(nh.hits()).as("the two packets after the first small one").isEqualTo(2);
        });
    }
}
