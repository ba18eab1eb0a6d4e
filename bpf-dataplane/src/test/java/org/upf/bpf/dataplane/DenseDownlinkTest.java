package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.Sessions.DSCP_EF_TOS;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.UE;
import static org.upf.bpf.dataplane.Sessions.UE_V6_PREFIX;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_HOST_V6;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB;
import static org.upf.bpf.dataplane.Testbed.GNB_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N3;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.upf.bpf.BpfMap;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;

/**
 * The dense downlink index (upf_dldense_v1): every {@link DownlinkTest} again with the test UE's IPv4 address and IPv6
 * /64 inside dense ranges (same bytes, verdicts and counters as through the hashes), plus where keys go, empty slots,
 * addresses just outside a range, the order of a slot's writes, and a reload on pinned maps.
 */
class DenseDownlinkTest extends DownlinkTest {
    static final List<DenseRange> RANGES = List.of(DenseRange.parse("198.19.200.0/24"),
            DenseRange.parse("2001:db8:200::/48"));
    static final DataplaneConfig CONFIG = DataplaneConfig.small(8).withDenseRanges(RANGES);

    /** Runs after {@link BasicSessionFixture#setUpTestbed()}: the same testbed, with dense ranges. */
    @BeforeAll
    static void replaceTheTestbed() {
        bed.close();
        bed = new Testbed(CONFIG);
    }

    static byte[] toUeAt(String ue) {
        return Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, ue).udp(5001, 40000).payload(DATA).build();
    }

    static byte[] encapsulated(String ue, int gnbTeid) {
        return Packet.eth(UPF_N3_MAC, GNB_MAC).ipv4(UPF_N3, GNB, l -> l.tos(DSCP_EF_TOS).dontFragment())
                .udp(2152, 2152, u -> u.noChecksum()).gtpu(gnbTeid).pduSessionContainerDl(QFI)
                .ipv4(DN_HOST, ue, l -> l.ttl(63)).udp(5001, 40000).payload(DATA).build();
    }

    /** The basic session (session slot 2, its own TEID) for another UE IPv4 address. */
    static SessionRules otherUe(String ue) {
        return SessionRules.builder(2, new UeSession(Sessions.v4(ue), null, 0))
                .far(Sessions.FAR_N3 + 10, Sessions.toGnbV4()).qer(Sessions.QER + 10, QerRule.open(QFI))
                .urr(Sessions.URR + 10)
                .pdr(Sessions.PDR_DL + 10, new PdrRule(Sessions.FAR_N3 + 10, Sessions.QER + 10, 0, Sessions.URR + 10,
                        0, Direction.DOWNLINK, null, null))
                .downlink(Sessions.v4(ue), Sessions.PDR_DL + 10).build();
    }

    /** Session number session with only the exact UE IPv6 address ue, toward the gNB's TEID teid. */
    static SessionRules exactV6(int session, String ue, int teid) {
        int k = 10 * session;
        return SessionRules.builder(session, new UeSession(null, Sessions.v6(ue), 128))
                .far(Sessions.FAR_N3 + k, FarRule.forwardGtpu(Sessions.addr(UPF_N3), Sessions.addr(GNB), teid, null))
                .qer(Sessions.QER + k, QerRule.open(QFI)).urr(Sessions.URR + k)
                .pdr(Sessions.PDR_DL + k, new PdrRule(Sessions.FAR_N3 + k, Sessions.QER + k, 0, Sessions.URR + k,
                        0, Direction.DOWNLINK, null, null))
                .downlink(Sessions.v6(ue), Sessions.PDR_DL + k).build();
    }

    /** The GTP-U TEID of a frame encapsulated over IPv4 (Ethernet 14, IPv4 20, UDP 8, TEID at 4), -1 if not sent. */
    static int teidTo(String ue) {
        TestRunResult r = bed.run(Role.N6, toUeV6(ue));
        return r.retval() == Xdp.REDIRECT ? ByteBuffer.wrap(r.dataOut(), 14 + 20 + 8 + 4, 4).getInt() : -1;
    }

    /**
     * Review HIGH 2: only /64s take a slot; exact IPv6 addresses of two sessions in one /64 keep their own hash keys,
     * and an exact address inside a /64 live in the array (another session's) moves that /64 to the trie first.
     */
    @Test
    void exactIpv6AddressesOfTwoSessionsInOneDenseSlashSixtyFourKeepTheirOwnTunnels() {
        SessionRules a = exactV6(3, "2001:db8:200:77::a", 0xa);
        SessionRules b = exactV6(4, "2001:db8:200:77::b", 0xb);
        bed.dp.install(a);
        bed.dp.install(b);
        assertThat(teidTo("2001:db8:200:77::a")).isEqualTo(0xa);
        assertThat(teidTo("2001:db8:200:77::b")).isEqualTo(0xb);
        bed.dp.remove(a);
        assertThat(teidTo("2001:db8:200:77::a")).as("removed").isEqualTo(-1);
        assertThat(teidTo("2001:db8:200:77::b")).as("the other session kept").isEqualTo(0xb);
        bed.dp.remove(b);

        SessionRules c = exactV6(5, UE_V6_PREFIX + "c", 0xc); // inside the basic session's dense /64
        bed.dp.install(c);
        try {
            assertThat(teidTo(UE_V6_PREFIX + "c")).isEqualTo(0xc);
            assertThat(teidTo(UE_V6_PREFIX + "2")).as("the rest of the /64").isEqualTo(Sessions.GNB_TEID);
        } finally {
            bed.dp.remove(c);
        }
        assertThat(teidTo(UE_V6_PREFIX + "c")).as("the /64 again").isEqualTo(Sessions.GNB_TEID);
        bed.dp.remove(Sessions.basic(Sessions.toGnbV4()).build());
        assertThat(bed.dp.map(UeKeys.DL6P_MAP).nextKey(null, ByteBuffer.allocateDirect(Ipv6Key.PREFIX.size())))
                .as("the moved /64 leaves the trie with its session").isFalse();
        assertThat(teidTo(UE_V6_PREFIX + "2")).isEqualTo(-1);
    }

    /** The basic session after a handover: another gNB TEID. */
    static SessionRules moved() {
        return Sessions.basic(FarRule.forwardGtpu(Sessions.addr(UPF_N3), Sessions.addr(GNB), 0x777, DSCP_EF_TOS))
                .build();
    }

    static ByteBuffer slotValue(Dataplane dp, int slot) {
        BpfMap m = dp.map(DenseIndex.VALUES_MAP);
        ByteBuffer v = ByteBuffer.allocateDirect(m.valueBufferSize()).order(ByteOrder.nativeOrder());
        assertThat(m.lookup(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, slot), v))
                .isTrue();
        return v;
    }

    static int flags(ByteBuffer value) {
        return value.get(0) & 0xff;
    }

    static boolean hashHolds(String map, byte[] key) {
        BpfMap m = bed.dp.map(map);
        ByteBuffer k = ByteBuffer.allocateDirect(m.keySize()).order(ByteOrder.nativeOrder());
        k.put(key).clear();
        return m.lookup(k, ByteBuffer.allocateDirect(m.valueBufferSize()));
    }

    @Test
    void uesInsideTheRangesLiveInTheDenseArrayNotInTheHashes() {
        DenseIndex index = bed.dp.denseIndex();
        int v4 = index.slot(Sessions.v4(UE));
        int v6 = index.slot(Sessions.v6(UE_V6_PREFIX), 64);

        assertThat(v4).isEqualTo(1 + 1); // 198.19.200.1: the first range's second slot
        assertThat(v6).isEqualTo(1 + 256 + 1); // 2001:db8:200:1::/64: the IPv6 range's second slot
        assertThat(flags(slotValue(bed.dp, v4))).isEqualTo(DenseIndex.LIVE | DownlinkFastEntry.FLAG_ON
                | DownlinkFastEntry.FLAG_MARK);
        assertThat(flags(slotValue(bed.dp, v6)) & DenseIndex.LIVE).isNotZero();
        assertThat(hashHolds(UeKeys.DL4_MAP, Sessions.v4(UE).getAddress())).isFalse();
        assertThat(bed.dp.map(UeKeys.DL6P_MAP).nextKey(null, ByteBuffer.allocateDirect(Ipv6Key.PREFIX.size())))
                .isFalse();
    }

    @Test
    void theOneInterfaceProgramFindsTheDenseSlotToo() {
        TestRunResult r = bed.run(Role.N3N6, toUeAt(UE));

        assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(r.dataOut()).isEqualTo(encapsulated(UE, Sessions.GNB_TEID));
    }

    @Test
    void anEmptySlotEndsAsAHashMissInBothFamilies() {
        long before = bed.controlPath(CpReason.STACK);
        byte[] v6 = Packet.eth(DN_MAC, UPF_N6_MAC).ipv6(DN_HOST_V6, "2001:db8:200:77::1").udp(1, 2).payload(DATA)
                .build();

        assertThat(bed.run(Role.N6, toUeAt("198.19.200.77")).retval()).isEqualTo(Xdp.PASS);
        assertThat(bed.run(Role.N6, v6).retval()).isEqualTo(Xdp.PASS);
        assertThat(bed.controlPath(CpReason.STACK)).isEqualTo(before + 2);
    }

    /** An IPv4 address inside a range is never in upf_dl4_v3: its empty slot ends without that lookup. */
    @Test
    void anEmptyIpv4SlotIsNotLookedUpInTheHash() {
        BpfMap dl4 = bed.dp.map(UeKeys.DL4_MAP);
        ByteBuffer k = ByteBuffer.allocateDirect(dl4.keySize()).put(Sessions.v4("198.19.200.77").getAddress()).clear();
        ByteBuffer live = slotValue(bed.dp, bed.dp.denseIndex().slot(Sessions.v4(UE)));
        ByteBuffer v = ByteBuffer.allocateDirect(dl4.valueBufferSize()).put(live.limit(dl4.valueSize())).clear();
        dl4.update(k, v, org.upf.bpf.UpdateFlags.ANY); // as an older agent would have placed it
        try {
            assertThat(bed.run(Role.N6, toUeAt("198.19.200.77")).retval()).isEqualTo(Xdp.PASS);
        } finally {
            dl4.delete(k);
        }
    }

    @Test
    void addressesJustOutsideARangeTakeTheHash() {
        for (String ue : List.of("198.19.201.0", "198.19.199.255")) {
            SessionRules other = otherUe(ue);
            bed.dp.install(other);
            try {
                assertThat(bed.dp.denseIndex().slot(Sessions.v4(ue))).isZero();
                assertThat(hashHolds(UeKeys.DL4_MAP, Sessions.v4(ue).getAddress())).as(ue).isTrue();

                TestRunResult r = bed.run(Role.N6, toUeAt(ue));

                assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
                assertThat(r.dataOut()).isEqualTo(encapsulated(ue, Sessions.GNB_TEID));
            } finally {
                bed.dp.remove(other);
            }
            assertThat(hashHolds(UeKeys.DL4_MAP, Sessions.v4(ue).getAddress())).isFalse();
        }
    }

    @Test
    void removalClearsTheLiveFlagAloneAndModificationSwitchesTheTunnel() {
        SessionRules basic = Sessions.basic(Sessions.toGnbV4()).build();
        SessionRules moved = moved();
        int slot = bed.dp.denseIndex().slot(Sessions.v4(UE));

        bed.dp.modify(basic, moved);
        assertThat(bed.run(Role.N6, toUeAt(UE)).dataOut()).isEqualTo(encapsulated(UE, 0x777));
        bed.dp.remove(moved);
        long before = bed.controlPath(CpReason.STACK);

        assertThat(bed.run(Role.N6, toUeAt(UE)).retval()).isEqualTo(Xdp.PASS);
        assertThat(bed.controlPath(CpReason.STACK)).isEqualTo(before + 1);
        byte[] left = new byte[UeSet.C.size()];
        ByteBuffer expected = ByteBuffer.allocate(UeSet.C.size()).order(ByteOrder.nativeOrder());
        UeSet.of(moved, List.of(Sessions.PDR_DL)).write(expected, 0);
        slotValue(bed.dp, slot).get(0, left);
        assertThat(left).as("the value stays whole under a cleared LIVE until the slot is used again")
                .isEqualTo(expected.array());
    }

    /**
     * A packet on another CPU may read a slot while it is copied over in place: every write of a slot that is live
     * before or after changes only its flags octet (a modification stages the new value in upf_dlstg_v2 meanwhile).
     * SlotRaceTest checks the same for every kind of change, IPv6 slots and TEID sets.
     */
    @Test
    void aLiveSlotChangesOnlyByItsFlagsOctet() {
        SessionRules basic = Sessions.basic(Sessions.toGnbV4()).build();
        SessionRules moved = moved();
        int slot = bed.dp.denseIndex().slot(Sessions.v4(UE));
        byte[][] held = {octets(slotValue(bed.dp, slot))};
        List<String> writes = new ArrayList<>();
        List<String> unsafe = new ArrayList<>();
        bed.dp.writeLog((map, k, v) -> {
            if (map.equals(DenseIndex.VALUES_MAP) && k.getInt(k.position()) == slot) {
                byte[] next = octets(v);
                String write = HexFormat.of().formatHex(held[0], 0, 4) + " -> " + HexFormat.of().formatHex(next, 0, 4);
                writes.add(write);
                boolean live = ((held[0][0] | next[0]) & DenseIndex.LIVE) != 0;
                if (live && !java.util.Arrays.equals(held[0], 1, held[0].length, next, 1, next.length)) {
                    unsafe.add(write);
                }
                held[0] = next;
            }
        });
        try {
            bed.dp.modify(basic, moved); // not live (staged), new (not live), live
            bed.dp.modify(moved, moved); // the same octets
            bed.dp.remove(moved); // not live
            bed.dp.install(basic); // not live, live
            bed.dp.remove(basic);
            assertThat(bed.dp.installAll(List.of(basic))).containsOnlyNulls();
            bed.dp.install(moved); // over the live slot (the later write wins): not live, new body, live
            assertThat(bed.run(Role.N6, toUeAt(UE)).dataOut()).isEqualTo(encapsulated(UE, 0x777));
            bed.dp.install(basic);
        } finally {
            bed.dp.writeLog((map, k, v) -> { });
        }

        assertThat(unsafe).as("writes changing a live slot beyond its flags, of %s", writes).isEmpty();
        assertThat(writes).as("modify 3, modify 1, remove 1, install 2, remove 1, installAll 2, 2 installs over a"
                + " live slot 3 each").hasSize(16);
        assertThat(octets(slotValue(bed.dp, slot))).as("the log follows the map").isEqualTo(held[0]);
        assertThat(bed.run(Role.N6, toUeAt(UE)).dataOut()).isEqualTo(encapsulated(UE, Sessions.GNB_TEID));
    }

    private static byte[] octets(ByteBuffer value) {
        byte[] b = new byte[UeSet.C.size()];
        value.get(value.position(), b);
        return b;
    }

    @Test
    void aReloadOnPinnedMapsKeepsTheSlotsAndTheirRanges() throws Exception {
        Path pins = bed.topology.pinRoot().resolve("dense");
        SessionRules basic = Sessions.basic(Sessions.toGnbV4()).build();
        // Same number of slots, other ranges: usable only once the pinned UE maps are empty.
        DataplaneConfig other = DataplaneConfig.small(8).withDenseRanges(List.of(DenseRange.parse("198.19.100.0/24"),
                DenseRange.parse("2001:db8:300::/48")));
        try (Dataplane first = Dataplane.load(CONFIG, pins)) {
            first.install(basic);
        }
        try (Dataplane second = Dataplane.load(other, pins)) {
            assertThat(second.denseIndex().ranges()).as("the pinned slots keep their ranges").isEqualTo(RANGES);
            int slot = second.denseIndex().slot(Sessions.v4(UE));
            assertThat(flags(slotValue(second, slot)) & DenseIndex.LIVE).isNotZero();
            second.remove(basic);
        }
        try (Dataplane third = Dataplane.load(other, pins)) {
            assertThat(third.denseIndex().ranges()).as("nothing placed: the configured ranges apply")
                    .isEqualTo(other.denseRanges());
        }
    }
}
