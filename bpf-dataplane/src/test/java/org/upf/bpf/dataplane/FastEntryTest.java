package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.Sessions.DSCP_EF_TOS;
import static org.upf.bpf.dataplane.Sessions.GNB_TEID;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.UE;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_HOST_V6;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB;
import static org.upf.bpf.dataplane.Testbed.GNB_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N3;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.upf.bpf.BpfMap;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;

/**
 * The fast entries of TEIDs and UE addresses: which sessions get one, and that a packet forwarded from one
 * leaves with the very bytes and counts the full rule walk gives it, also across modifications that switch a
 * session between the two.
 */
class FastEntryTest extends BasicSessionFixture {
    static final byte[] DATA = "fast entry".getBytes();
    static final int SECOND_URR = 5;
    /** The basic session's uplink (QFI match, QFI mark) and downlink (QFI mark) fast entries. */
    static final int[] BASIC_FLAGS = {UplinkFastEntry.FLAG_ON | UplinkFastEntry.FLAG_PDI_QFI,
        DownlinkFastEntry.FLAG_ON | DownlinkFastEntry.FLAG_MARK};

    static byte[] uplink() {
        return Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(Sessions.TEID)
                .pduSessionContainerUl(QFI).ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();
    }

    static byte[] uplinkOut() {
        return Packet.eth(UPF_N6_MAC, DN_MAC).ipv4(UE, DN_HOST, l -> l.ttl(63)).udp(40000, 5001).payload(DATA)
                .build();
    }

    static byte[] downlink() {
        return Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE).udp(5001, 40000).payload(DATA).build();
    }

    static byte[] downlinkOut(int gnbTeid) {
        return Packet.eth(UPF_N3_MAC, GNB_MAC).ipv4(UPF_N3, GNB, l -> l.tos(DSCP_EF_TOS).dontFragment())
                .udp(2152, 2152, u -> u.noChecksum()).gtpu(gnbTeid).pduSessionContainerDl(QFI)
                .ipv4(DN_HOST, UE, l -> l.ttl(63)).udp(5001, 40000).payload(DATA).build();
    }

    /** The basic session with a second URR on both PDRs: the fast entry has room for one, so the walk decides. */
    static SessionRules twoUrrs() {
        return Sessions.basic(Sessions.toGnbV4()).urr(SECOND_URR)
                .pdr(Sessions.PDR_UL, new PdrRule(Sessions.FAR_N6, Sessions.QER, 0, Sessions.URR, SECOND_URR,
                        Direction.UPLINK, QFI, null))
                .pdr(Sessions.PDR_DL, new PdrRule(Sessions.FAR_N3, Sessions.QER, 0, Sessions.URR, SECOND_URR,
                        Direction.DOWNLINK, null, null))
                .build();
    }

    /**
     * The flags of the TEID's uplink fast entry and of the UE IPv4 address's downlink one (in the live UE slot its
     * upf_dl4_v4 key names, without {@link DenseIndex#LIVE}).
     */
    static int[] fastFlags() {
        BpfMap ues = bed.dp.map(UeKeys.DL4_MAP);
        ByteBuffer slot = ByteBuffer.allocateDirect(ues.valueBufferSize()).order(ByteOrder.nativeOrder());
        ByteBuffer key = ByteBuffer.allocateDirect(4).put(Sessions.v4(UE).getAddress()).flip();
        assertThat(ues.lookup(key, slot)).isTrue();
        BpfMap values = bed.dp.map(DenseIndex.VALUES_MAP);
        ByteBuffer dl = ByteBuffer.allocateDirect(values.valueBufferSize());
        assertThat(values.lookup(slot.clear(), dl)).isTrue();
        int flags = dl.get(UeSet.C.offset("fast") + DownlinkFastEntry.C.offset("flags")) & 0xff;
        assertThat(flags & DenseIndex.LIVE).isEqualTo(DenseIndex.LIVE);
        return new int[] {uplinkFlags(), flags & ~DenseIndex.LIVE};
    }

    /** The flags of the TEID's uplink fast entry. */
    static int uplinkFlags() {
        BpfMap teids = bed.dp.map(UplinkFastEntry.MAP);
        ByteBuffer ul = ByteBuffer.allocateDirect(teids.valueBufferSize());
        ByteBuffer key = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, Sessions.TEID);
        assertThat(teids.lookup(key, ul)).isTrue();
        return ul.get(UplinkFastEntry.C.offset("flags")) & 0xff;
    }

    static void assertForwards(Role role, byte[] in, byte[] out) {
        TestRunResult r = bed.run(role, in);
        assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(r.dataOut()).isEqualTo(out);
    }

    @Test
    void theBasicSessionForwardsFromItsFastEntries() {
        assertThat(fastFlags()).containsExactly(BASIC_FLAGS);
        Usage before = bed.dp.usage(Sessions.URR);

        assertForwards(Role.N3, uplink(), uplinkOut());
        assertForwards(Role.N6, downlink(), downlinkOut(GNB_TEID));

        Usage after = bed.dp.usage(Sessions.URR);
        assertThat(after.uplinkPackets() - before.uplinkPackets()).isEqualTo(1);
        assertThat(after.uplinkBytes() - before.uplinkBytes()).isEqualTo(uplinkOut().length - 14);
        assertThat(after.downlinkPackets() - before.downlinkPackets()).isEqualTo(1);
        assertThat(after.downlinkBytes() - before.downlinkBytes()).isEqualTo(downlink().length - 14);
    }

    @Test
    void modificationToTheRuleWalkAndBackForwardsTheSameBytes() {
        SessionRules fast = Sessions.basic(Sessions.toGnbV4()).build();
        SessionRules walk = twoUrrs();
        bed.dp.install(fast);
        assertForwards(Role.N3, uplink(), uplinkOut());
        assertForwards(Role.N6, downlink(), downlinkOut(GNB_TEID));

        bed.dp.modify(fast, walk);

        assertThat(fastFlags()).containsExactly(0, 0);
        assertForwards(Role.N3, uplink(), uplinkOut());
        assertForwards(Role.N6, downlink(), downlinkOut(GNB_TEID));
        assertThat(bed.dp.usage(SECOND_URR).uplinkPackets()).isEqualTo(1);
        assertThat(bed.dp.usage(SECOND_URR).downlinkPackets()).isEqualTo(1);

        bed.dp.modify(walk, fast);

        assertThat(fastFlags()).containsExactly(BASIC_FLAGS);
        assertForwards(Role.N3, uplink(), uplinkOut());
        assertForwards(Role.N6, downlink(), downlinkOut(GNB_TEID));
        assertThat(bed.dp.usage(SECOND_URR).uplinkPackets()).as("no longer counted").isEqualTo(1);
        assertThat(bed.dp.usage(Sessions.URR).uplinkPackets()).isEqualTo(3);
        assertThat(bed.dp.usage(Sessions.URR).downlinkPackets()).isEqualTo(3);
    }

    @Test
    void aFarChangedInPlaceReachesTheFastEntries() {
        SessionRules before = Sessions.basic(Sessions.toGnbV4()).build();
        int otherTeid = 0x3000_0002;
        SessionRules after = Sessions.basic(FarRule.forwardGtpu(Sessions.addr(UPF_N3), Sessions.addr(GNB), otherTeid,
                DSCP_EF_TOS)).urr(SECOND_URR).pdr(Sessions.PDR_UL, new PdrRule(Sessions.FAR_N6, Sessions.QER, 0,
                SECOND_URR, 0, Direction.UPLINK, QFI, null)).build();
        bed.dp.install(before);

        bed.dp.modify(before, after);

        assertThat(fastFlags()).containsExactly(BASIC_FLAGS);
        assertForwards(Role.N6, downlink(), downlinkOut(otherTeid));
        assertForwards(Role.N3, uplink(), uplinkOut());
        assertThat(bed.dp.usage(SECOND_URR).uplinkPackets()).as("the uplink fast entry's new URR").isEqualTo(1);
    }

    @Test
    void noWriteChangesAnUplinkFastEntryThatIsOn() {
        SessionRules basic = Sessions.basic(Sessions.toGnbV4()).build();
        SessionRules otherUrr = Sessions.basic(Sessions.toGnbV4()).urr(SECOND_URR).pdr(Sessions.PDR_UL,
                new PdrRule(Sessions.FAR_N6, Sessions.QER, 0, SECOND_URR, 0, Direction.UPLINK, QFI, null)).build();
        BpfMap fast = bed.dp.map(UplinkFastEntry.MAP);
        int slot = Sessions.TEID & (fast.maxEntries() - 1);
        ByteBuffer key = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, slot);
        ByteBuffer value = ByteBuffer.allocateDirect(fast.valueBufferSize());
        assertThat(fast.lookup(key, value)).isTrue();
        byte[][] held = {octets(value)};
        List<String> writes = new ArrayList<>();
        List<String> unsafe = new ArrayList<>();
        bed.dp.writeLog((map, k, v) -> {
            if (map.equals(UplinkFastEntry.MAP) && k.getInt(k.position()) == slot) {
                byte[] next = octets(v);
                String write = HexFormat.of().formatHex(held[0]) + " -> " + HexFormat.of().formatHex(next);
                writes.add(write);
                if ((on(held[0]) || on(next)) && !sameButFlags(held[0], next)) {
                    unsafe.add(write);
                }
                held[0] = next;
            }
        });
        try {
            bed.dp.modify(basic, otherUrr);
            bed.dp.modify(otherUrr, twoUrrs());
            bed.dp.modify(twoUrrs(), basic);
            bed.dp.remove(basic);
            bed.dp.install(basic);
            bed.dp.remove(basic);
            assertThat(bed.dp.installAll(List.of(basic))).containsOnlyNulls();
        } finally {
            bed.dp.writeLog((map, k, v) -> { });
        }

        assertThat(unsafe).as("writes that change an entry switched on, of %s", writes).isEmpty();
        assertThat(writes).as("modify 3+2+2, remove 2, install 2, remove 2, installAll 2").hasSize(15);
        assertThat(fast.lookup(key, value.clear())).isTrue();
        assertThat(octets(value)).as("the log follows the map").isEqualTo(held[0]);
        assertThat(on(held[0])).isTrue();
    }

    private static byte[] octets(ByteBuffer value) {
        byte[] b = new byte[UplinkFastEntry.C.size()];
        value.get(value.position(), b);
        return b;
    }

    private static boolean on(byte[] entry) {
        return (entry[UplinkFastEntry.C.offset("flags")] & UplinkFastEntry.FLAG_ON) != 0;
    }

    private static boolean sameButFlags(byte[] a, byte[] b) {
        byte[] x = a.clone();
        x[UplinkFastEntry.C.offset("flags")] = b[UplinkFastEntry.C.offset("flags")];
        return Arrays.equals(x, b);
    }

    @Test
    void theFastEntryDropsWhatTheWalkDrops() {
        long spoofed = bed.drops(DropReason.SPOOFED);
        long noPdr = bed.drops(DropReason.NO_PDR);
        byte[] otherUe = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(Sessions.TEID)
                .pduSessionContainerUl(QFI).ipv4("198.19.200.99", DN_HOST).udp(40000, 5001).payload(DATA).build();
        byte[] otherQfi = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(Sessions.TEID)
                .pduSessionContainerUl(QFI + 1).ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();

        assertThat(bed.run(Role.N3, otherUe).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.run(Role.N3, otherQfi).retval()).isEqualTo(Xdp.DROP);

        assertThat(bed.drops(DropReason.SPOOFED)).isEqualTo(spoofed + 1);
        assertThat(bed.drops(DropReason.NO_PDR)).isEqualTo(noPdr + 1);
    }

    /**
     * An uplink T-PDU source against a session's UE addresses (ue_ipv6 of one session at prefix length plen).
     * Sources outside 2001:db8::/32 are unavoidable for a prefix shorter than /32; the frames only run through
     * BPF_PROG_TEST_RUN, nothing is sent.
     */
    record SpoofCase(String name, UeSession ue, String source, boolean owned) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final byte[] UE_V6_BASE = Sessions.v6(Sessions.UE_V6).getAddress();

    /** UE_V6_BASE with the bits from..to-1 (0 = most significant) flipped. */
    static String flipped(int from, int to) {
        byte[] a = UE_V6_BASE.clone();
        for (int bit = from; bit < to; bit++) {
            a[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        }
        return v6(a).getHostAddress();
    }

    /** UE_V6_BASE's first plen bits as the session's prefix (as an SMF sends it, the rest zero). */
    static UeSession prefixSession(int plen) {
        byte[] a = UE_V6_BASE.clone();
        byte[] m = Addresses.mask(6, plen);
        for (int i = 0; i < 16; i++) {
            a[i] &= m[i];
        }
        return new UeSession(null, v6(a), plen);
    }

    private static Inet6Address v6(byte[] a) {
        try {
            return (Inet6Address) InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * TS 23.501 §5.8.2.2.2 prefixes (up to /64, the longest a fast entry takes) with sources just inside, differing
     * in the prefix's last bit, and differing in every bit after the prefix; and sessions without the family of the
     * source. upf_fast_owns compares the first 64 bits as one number shifted by 64 - plen: a wrong shift fails here.
     */
    static Stream<SpoofCase> spoofCases() {
        Stream<SpoofCase> prefixes = IntStream.of(1, 31, 32, 33, 48, 56, 63, 64).boxed().flatMap(plen -> Stream.of(
                new SpoofCase("/" + plen + " source inside", prefixSession(plen), Sessions.UE_V6, true),
                new SpoofCase("/" + plen + " last prefix bit differs", prefixSession(plen),
                        flipped(plen - 1, plen), false),
                new SpoofCase("/" + plen + " bits after the prefix differ", prefixSession(plen),
                        flipped(plen, 128), true)));
        UeSession v4Only = new UeSession(Sessions.v4(UE), null, 0);
        UeSession v6Only = prefixSession(64);
        return Stream.concat(prefixes, Stream.of(
                new SpoofCase("IPv4-only session, IPv6 source", v4Only, Sessions.UE_V6, false),
                new SpoofCase("IPv4-only session, its IPv4 source", v4Only, UE, true),
                new SpoofCase("IPv6-only session, IPv4 source", v6Only, UE, false),
                new SpoofCase("IPv6-only session, IPv4 source 0.0.0.0", v6Only, "0.0.0.0", false)));
    }

    /** One uplink PDR on TEID -> N6 for ue; with an SDF filter the fast entry cannot express it: the rule walk. */
    static SessionRules uplinkOnly(UeSession ue, boolean walk) {
        return SessionRules.builder(Sessions.SESSION, ue)
                .far(Sessions.FAR_N6, FarRule.forwardToN6())
                .qer(Sessions.QER, QerRule.open(QFI))
                .urr(Sessions.URR)
                .pdr(Sessions.PDR_UL, new PdrRule(Sessions.FAR_N6, Sessions.QER, 0, Sessions.URR, 0, Direction.UPLINK,
                        QFI, walk ? SdfFilter.any() : null))
                .uplinkTeid(Sessions.TEID, Sessions.PDR_UL)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spoofCases")
    void theFastEntryAndTheWalkAgreeOnWhoOwnsAnUplinkSource(SpoofCase c) {
        boolean v6 = c.source().contains(":");
        var outer = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(Sessions.TEID)
                .pduSessionContainerUl(QFI);
        byte[] frame = (v6 ? outer.ipv6(c.source(), DN_HOST_V6) : outer.ipv4(c.source(), DN_HOST)).udp(40000, 5001)
                .payload(DATA).build();
        for (boolean walk : new boolean[] {false, true}) {
            SessionRules s = uplinkOnly(c.ue(), walk);
            bed.dp.install(s);
            assertThat(uplinkFlags() & UplinkFastEntry.FLAG_ON).as("fast entry on").isEqualTo(
                    walk ? 0 : UplinkFastEntry.FLAG_ON);
            long spoofed = bed.drops(DropReason.SPOOFED);
            Map<ForwardingPath, Counter> before = bed.dp.forwardedByPath(Direction.UPLINK);

            int verdict = bed.run(Role.N3, frame).retval();

            String how = c + (walk ? ", rule walk" : ", fast entry");
            assertThat(verdict).as(how).isEqualTo(c.owned() ? Xdp.REDIRECT : Xdp.DROP);
            assertThat(bed.drops(DropReason.SPOOFED) - spoofed).as(how + ": SPOOFED drops").isEqualTo(
                    c.owned() ? 0 : 1);
            Map<ForwardingPath, Counter> after = bed.dp.forwardedByPath(Direction.UPLINK);
            ForwardingPath taken = walk ? ForwardingPath.USUAL_WALK : ForwardingPath.USUAL_FAST;
            for (ForwardingPath p : ForwardingPath.values()) {
                assertThat(after.get(p).packets() - before.get(p).packets()).as(how + ": forwarded on " + p)
                        .isEqualTo(c.owned() && p == taken ? 1 : 0);
            }
        }
    }

    @Test
    void onlySessionsTheEntriesExpressExactlyGetOne() {
        SessionRules basic = Sessions.basic(Sessions.toGnbV4()).build();
        List<Integer> dl = List.of(Sessions.PDR_DL);
        assertThat(UplinkFastEntry.of(basic, Sessions.TEID)).isNotNull();
        assertThat(DownlinkFastEntry.of(basic, dl)).isNotNull();
        assertThat(DownlinkFastEntry.of(basic, List.of(Sessions.PDR_DL, Sessions.PDR_UL))).as("two PDRs").isNull();
        assertThat(UplinkFastEntry.of(twoUrrs(), Sessions.TEID)).as("two URRs").isNull();
        QerRule.Rate mbr = QerRule.Rate.maximum(1_000_000, 10_000);
        assertThat(UplinkFastEntry.of(withQer(mbr, QerRule.Rate.UNLIMITED, true), Sessions.TEID)).as("uplink MBR")
                .isNull();
        assertThat(DownlinkFastEntry.of(withQer(mbr, QerRule.Rate.UNLIMITED, true), dl))
                .as("MBR of the other direction only").isNotNull();
        assertThat(DownlinkFastEntry.of(withQer(QerRule.Rate.UNLIMITED, QerRule.Rate.UNLIMITED, false), dl))
                .as("downlink gate closed").isNull();
        assertThat(DownlinkFastEntry.of(Sessions.basic(new FarRule(FarRule.FORW | FarRule.DUPL, OuterHeader.NONE,
                null, null, 0, null)).build(), dl)).as("FORW with DUPL").isNull();
        assertThat(UplinkFastEntry.of(Sessions.basic(Sessions.toGnbV4()).far(Sessions.FAR_N6, Sessions.toGnbV4())
                .build(), Sessions.TEID)).as("uplink with Outer Header Creation (N9)").isNull();
        assertThat(DownlinkFastEntry.of(Sessions.basic(Sessions.toGnbV4()).pdr(Sessions.PDR_DL,
                new PdrRule(Sessions.FAR_N3, Sessions.QER, 0, Sessions.URR, 0, Direction.DOWNLINK, null,
                        SdfFilter.any())).build(), dl)).as("SDF filter").isNull();
        UeSession slash96 = new UeSession(Sessions.v4(UE), Sessions.v6(Sessions.UE_V6_PREFIX), 96);
        assertThat(UplinkFastEntry.of(Sessions.PDR_UL, basic.pdrs().get(Sessions.PDR_UL), FarRule.forwardToN6(), null,
                null, Sessions.SESSION, slash96, Sessions.TEID)).as("UE prefix longer than /64").isNull();
    }

    private static SessionRules withQer(QerRule.Rate uplink, QerRule.Rate downlink, boolean downlinkOpen) {
        return Sessions.basic(Sessions.toGnbV4())
                .qer(Sessions.QER, new QerRule(true, downlinkOpen, uplink, downlink, QFI, false)).build();
    }
}
