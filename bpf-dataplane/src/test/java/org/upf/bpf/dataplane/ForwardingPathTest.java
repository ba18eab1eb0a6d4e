package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.TEID;
import static org.upf.bpf.dataplane.Sessions.UE;
import static org.upf.bpf.dataplane.Sessions.UE_V6;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_HOST_V6;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB;
import static org.upf.bpf.dataplane.Testbed.GNB_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB_V6;
import static org.upf.bpf.dataplane.Testbed.PEER_UPF;
import static org.upf.bpf.dataplane.Testbed.PEER_UPF_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N3;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_V6;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N9;
import static org.upf.bpf.dataplane.Testbed.UPF_N9_MAC;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.packet.PacketBuilder;

/**
 * Which fast reads a forwarded packet takes, as the data path itself counts it (upf_ifstat_v4's forwarded slots per
 * {@link ForwardingPath}, {@link Dataplane#forwardedByPath}): the usual frames of a session with fast entries take
 * both the one-bounds-check read and the fast entry (uplink IPv4 outer with a PDU Session Container and an IPv4 or
 * IPv6 T-PDU; downlink IPv4 on the dense index and IPv6 on the hash), layouts only the generic parse reads still take
 * the fast entry, a session the fast entries cannot express (SDF filter, two URRs) and a downlink G-PDU (N9 from the
 * PSA, a PDR with an F-TEID and Source Interface Core) take the rule walk. Each forwarded packet is counted once: in
 * one path of its direction and in its URRs' usage of that direction. The
 * results of each read are pinned elsewhere ({@link UsualFrameTest}, {@link FastEntryTest}); this proves the reads are
 * taken, so that a change sending the usual frames down the generic parse or the walk fails here.
 */
class ForwardingPathTest extends BasicSessionFixture {
    static final byte[] DATA = "which path".getBytes();

    /** The UE's IPv4 address in a dense range, its IPv6 /64 not: downlink IPv4 takes the dense index, IPv6 the hash. */
    @BeforeAll
    static void replaceTheTestbed() {
        bed.close();
        bed = new Testbed(DataplaneConfig.small(8).withDenseRanges(List.of(DenseRange.parse("198.19.200.0/24"))));
    }

    /** A frame, the program it runs through and the one path it must be counted in, forwarded. */
    record Case(String name, Role role, Direction direction, byte[] frame, int innerOctets, ForwardingPath path) {
        @Override
        public String toString() {
            return name + " on " + role;
        }
    }

    /** The usual T-PDU (IPv4 UDP) after a PDU Session Container, behind the outer layers outer begins. */
    static byte[] uplinkV4Inner(Supplier<PacketBuilder> outer) {
        return outer.get().pduSessionContainerUl(QFI).ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();
    }

    static final int INNER_V4 = 20 + 8 + DATA.length;
    static final int INNER_V6 = 40 + 8 + DATA.length;

    static Stream<Case> fastCases() {
        Supplier<PacketBuilder> usual = () -> Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(TEID);
        byte[] ulV4 = uplinkV4Inner(usual);
        byte[] ulV6 = usual.get().pduSessionContainerUl(QFI).ipv6(UE_V6, DN_HOST_V6).udp(40000, 5001).payload(DATA)
                .build();
        byte[] ulTcp = usual.get().pduSessionContainerUl(QFI).ipv4(UE, DN_HOST).tcp(40000, 80).build();
        byte[] ulOuterV6 = uplinkV4Inner(() -> Packet.eth(GNB_MAC, UPF_N3_MAC).ipv6(GNB_V6, UPF_N3_V6)
                .udp(2152, 2152).gtpu(TEID));
        byte[] ulVlan = uplinkV4Inner(() -> Packet.eth(GNB_MAC, UPF_N3_MAC, e -> e.vlan(0, 100)).ipv4(GNB, UPF_N3)
                .udp(2152, 2152).gtpu(TEID));
        byte[] ulSequenced = uplinkV4Inner(() -> Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152)
                .gtpu(TEID, g -> g.sequence(7)));
        byte[] dlV4 = Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE).udp(5001, 40000).payload(DATA).build();
        byte[] dlV6 = Packet.eth(DN_MAC, UPF_N6_MAC).ipv6(DN_HOST_V6, UE_V6).udp(5001, 40000).payload(DATA).build();
        byte[] dlVlan = Packet.eth(DN_MAC, UPF_N6_MAC, e -> e.vlan(0, 100)).ipv4(DN_HOST, UE).udp(5001, 40000)
                .payload(DATA).build();
        Direction ul = Direction.UPLINK;
        Direction dl = Direction.DOWNLINK;
        return Stream.of(
                new Case("uplink IPv4 / PSC / IPv4 UDP", Role.N3, ul, ulV4, INNER_V4, ForwardingPath.USUAL_FAST),
                new Case("uplink IPv4 / PSC / IPv6 UDP", Role.N3, ul, ulV6, INNER_V6, ForwardingPath.USUAL_FAST),
                new Case("uplink IPv4 / PSC / IPv4 TCP", Role.N3, ul, ulTcp, 40, ForwardingPath.USUAL_FAST),
                new Case("uplink IPv4 / PSC / IPv4 UDP", Role.N3N6, ul, ulV4, INNER_V4, ForwardingPath.USUAL_FAST),
                new Case("uplink IPv6 / PSC / IPv4 UDP", Role.N3, ul, ulOuterV6, INNER_V4, ForwardingPath.GENERIC_FAST),
                new Case("uplink VLAN / IPv4 / PSC / IPv4 UDP", Role.N3, ul, ulVlan, INNER_V4,
                        ForwardingPath.GENERIC_FAST),
                new Case("uplink GTP-U S flag", Role.N3, ul, ulSequenced, INNER_V4, ForwardingPath.GENERIC_FAST),
                new Case("downlink IPv4 UDP, dense index", Role.N6, dl, dlV4, INNER_V4, ForwardingPath.USUAL_FAST),
                new Case("downlink IPv6 UDP, hash", Role.N6, dl, dlV6, INNER_V6, ForwardingPath.USUAL_FAST),
                new Case("downlink IPv4 UDP, dense index", Role.N3N6, dl, dlV4, INNER_V4, ForwardingPath.USUAL_FAST),
                new Case("downlink VLAN / IPv4 UDP", Role.N6, dl, dlVlan, INNER_V4, ForwardingPath.GENERIC_FAST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fastCases")
    void aSessionWithFastEntriesIsForwardedFromThem(Case c) {
        assertCountedIn(c);
    }

    @Test
    void aSessionWithAnSdfFilterTakesTheRuleWalk() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .pdr(Sessions.PDR_UL, new PdrRule(Sessions.FAR_N6, Sessions.QER, 0, Sessions.URR, 0, Direction.UPLINK,
                        QFI, SdfFilter.any()))
                .pdr(Sessions.PDR_DL, new PdrRule(Sessions.FAR_N3, Sessions.QER, 0, Sessions.URR, 0,
                        Direction.DOWNLINK, null, SdfFilter.any())).build());
        fastCases().filter(c -> c.path() == ForwardingPath.USUAL_FAST).forEach(c -> assertCountedIn(
                new Case(c.name(), c.role(), c.direction(), c.frame(), c.innerOctets(), ForwardingPath.USUAL_WALK)));
    }

    @Test
    void aSessionWithTwoUrrsTakesTheRuleWalk() {
        bed.dp.install(FastEntryTest.twoUrrs());
        fastCases().forEach(c -> assertCountedIn(new Case(c.name(), c.role(), c.direction(), c.frame(),
                c.innerOctets(), c.path().usualFrame() ? ForwardingPath.USUAL_WALK : ForwardingPath.GENERIC_WALK),
                Sessions.URR, FastEntryTest.SECOND_URR));
    }

    /**
     * An I-UPF's downlink from the PSA over N9 (TS 23.501 §6.2.3): a G-PDU whose TEID belongs to a downlink PDR (Source
     * Interface Core). No fast entry holds a downlink PDR under a TEID, so the walk takes it, and only the walk's PDR
     * gives it its direction: counted in DOWNLINK, in the URR's downlink usage.
     */
    @Test
    void aDownlinkGpduFromThePsaTakesTheRuleWalkAsDownlink() {
        int fromPsa = 0x43;
        int pdrFromPsa = 7;
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .pdr(pdrFromPsa, new PdrRule(Sessions.FAR_N3, Sessions.QER, 0, Sessions.URR, 0, Direction.DOWNLINK,
                        null, null))
                .uplinkTeid(fromPsa, pdrFromPsa).build());
        byte[] fromN9 = Packet.eth(PEER_UPF_MAC, UPF_N9_MAC).ipv4(PEER_UPF, UPF_N9).udp(2152, 2152).gtpu(fromPsa)
                .pduSessionContainerDl(QFI).ipv4(DN_HOST, UE).udp(5001, 40000).payload(DATA).build();
        assertCountedIn(new Case("downlink G-PDU from the PSA", Role.N9, Direction.DOWNLINK, fromN9, INNER_V4,
                ForwardingPath.USUAL_WALK));
    }

    private static void assertCountedIn(Case c) {
        assertCountedIn(c, Sessions.URR);
    }

    /**
     * Runs c's frame: forwarded, counted once in c's path of its direction with its inner octets, nowhere else, and
     * in each of urrs once in c's direction with its inner octets, nothing in the other.
     */
    private static void assertCountedIn(Case c, int... urrs) {
        Map<Direction, Map<ForwardingPath, Counter>> before = byPath();
        Map<Direction, Counter> forwardedBefore = bed.dp.forwarded();
        List<Usage> usageBefore = Arrays.stream(urrs).mapToObj(bed.dp::usage).toList();
        TestRunResult r = bed.run(c.role(), c.frame());

        assertThat(r.retval()).as(c.name()).isEqualTo(Xdp.REDIRECT);
        Map<Direction, Map<ForwardingPath, Counter>> after = byPath();
        for (Direction d : Direction.values()) {
            for (ForwardingPath p : ForwardingPath.values()) {
                Counter b = before.get(d).get(p);
                Counter a = after.get(d).get(p);
                Counter expected = d == c.direction() && p == c.path() ? new Counter(1, c.innerOctets())
                        : Counter.ZERO;
                assertThat(new Counter(a.packets() - b.packets(), a.bytes() - b.bytes()))
                        .as("%s: %s %s", c, d, p).isEqualTo(expected);
            }
        }
        Counter fwd = bed.dp.forwarded().get(c.direction());
        assertThat(fwd.packets() - forwardedBefore.get(c.direction()).packets()).as("forwarded, all paths")
                .isEqualTo(1);
        Usage expected = c.direction() == Direction.UPLINK ? new Usage(c.innerOctets(), 1, 0, 0)
                : new Usage(0, 0, c.innerOctets(), 1);
        for (int i = 0; i < urrs.length; i++) {
            Usage b = usageBefore.get(i);
            Usage a = bed.dp.usage(urrs[i]);
            assertThat(new Usage(a.uplinkBytes() - b.uplinkBytes(), a.uplinkPackets() - b.uplinkPackets(),
                    a.downlinkBytes() - b.downlinkBytes(), a.downlinkPackets() - b.downlinkPackets()))
                    .as("%s: usage of URR %d", c, urrs[i]).isEqualTo(expected);
        }
    }

    private static Map<Direction, Map<ForwardingPath, Counter>> byPath() {
        Map<Direction, Map<ForwardingPath, Counter>> out = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            out.put(d, bed.dp.forwardedByPath(d));
        }
        return out;
    }
}
