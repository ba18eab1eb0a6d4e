package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_HOST_V6;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.upf.bpf.BpfException;
import org.upf.bpf.BpfMap;
import org.upf.bpf.BpfMapType;
import org.upf.bpf.Errno;
import org.upf.bpf.TestRunRequest;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.UpdateFlags;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;

/**
 * UEs found by hash or trie keep their value in a gated slot of upf_dldense_v1 after the dense ranges' slots, the
 * key holding the slot number ({@link UeSlots}): slots run out with a clear error and nothing written, freed slots
 * are reused first in first out, a load on pinned maps rebuilds the allocator from the keys, a removal closes the
 * staging entry, then the slot, then deletes the key, and a /64 moves between the array's arithmetic and the trie.
 */
class HashedUeSlotsTest {
    /** Session i with the one UE IPv4 address 198.19.220.i (outside every range), toward the gNB's TEID 0x500 + i. */
    static SessionRules v4Session(int i) {
        return v4Session(i, 0x500 + i);
    }

    static SessionRules v4Session(int i, int gnbTeid) {
        int k = 10 * i;
        return SessionRules.builder(i, new UeSession(Sessions.v4(ue(i)), null, 0))
                .far(Sessions.FAR_N3 + k, FarRule.forwardGtpu(Sessions.addr(Testbed.UPF_N3),
                        Sessions.addr(Testbed.GNB), gnbTeid, null))
                .qer(Sessions.QER + k, QerRule.open(Sessions.QFI)).urr(Sessions.URR + k)
                .pdr(Sessions.PDR_DL + k, new PdrRule(Sessions.FAR_N3 + k, Sessions.QER + k, 0, Sessions.URR + k, 0,
                        Direction.DOWNLINK, null, null))
                .downlink(Sessions.v4(ue(i)), Sessions.PDR_DL + k).build();
    }

    static String ue(int i) {
        return "198.19.220." + i;
    }

    static byte[] toUe(int i) {
        return Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, ue(i)).udp(5001, 40000).payload(DownlinkTest.DATA)
                .build();
    }

    /** A testbed without dense ranges whose upf_dldense_v1 has slots slots: slots - 1 for hashed UEs. */
    static Testbed bed(int slots) {
        return new Testbed(DataplaneConfig.small(8).withDenseRanges(List.of(), slots));
    }

    /** The slot the upf_dl4_v4 key of UE i names, 0 if there is no key. */
    static int slotOf(Dataplane dp, int i) {
        BpfMap m = dp.map(UeKeys.DL4_MAP);
        ByteBuffer v = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        return m.lookup(ByteBuffer.allocateDirect(4).put(0, Sessions.v4(ue(i)).getAddress()), v) ? v.getInt(0) : 0;
    }

    /** The GTP-U TEID UE i's packet leaves with on dp's program, -1 if it is not forwarded. */
    static int teidOut(Testbed bed, Dataplane dp, int i) {
        return teidOut(bed, dp, toUe(i));
    }

    /** The GTP-U TEID frame (from the DN) leaves with on dp's program, -1 if it is not forwarded. */
    static int teidOut(Testbed bed, Dataplane dp, byte[] frame) {
        TestRunResult r = bed.inNamespace(() -> dp.program(Role.N6)
                .testRun(TestRunRequest.builder(frame).ingressIfindex(bed.n6).build()));
        return r.retval() == Xdp.REDIRECT ? ByteBuffer.wrap(r.dataOut()).getInt(14 + 20 + 8 + 4) : -1;
    }

    /** Every entry of the maps a session writes, by map: what "nothing written" compares. */
    static Map<String, List<String>> contents(Dataplane dp) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String name : List.of(UeKeys.DL4_MAP, DenseIndex.VALUES_MAP, DenseIndex.STAGING_MAP, "upf_sess_v1",
                "upf_pdr_v1", "upf_far_v1", "upf_qer_v1", "upf_urr_v1")) {
            BpfMap m = dp.map(name);
            ByteBuffer key = ByteBuffer.allocateDirect(m.keySize()).order(ByteOrder.nativeOrder());
            ByteBuffer next = ByteBuffer.allocateDirect(m.keySize()).order(ByteOrder.nativeOrder());
            ByteBuffer value = ByteBuffer.allocateDirect(m.valueBufferSize()).order(ByteOrder.nativeOrder());
            List<String> entries = new ArrayList<>();
            boolean more = m.nextKey(null, next);
            while (more) {
                m.lookup(next.clear(), value.clear());
                byte[] k = new byte[m.keySize()];
                byte[] v = new byte[m.valueBufferSize()];
                next.get(0, k);
                value.get(0, v);
                if (!Arrays.equals(v, new byte[v.length])) {
                    entries.add(Arrays.toString(k) + "=" + Arrays.toString(v));
                }
                key.clear().put(next.clear()).clear();
                more = m.nextKey(key, next.clear());
            }
            out.put(name, entries);
        }
        return out;
    }

    @Test
    void whenNoSlotIsLeftTheInstallFailsClearlyAndWritesNothing() {
        try (Testbed bed = bed(4)) { // slots 1..3 for hashed UEs
            for (int i = 1; i <= 3; i++) {
                bed.dp.install(v4Session(i));
                assertThat(teidOut(bed, bed.dp, i)).isEqualTo(0x500 + i);
            }
            Map<String, List<String>> before = contents(bed.dp);

            assertThatThrownBy(() -> bed.dp.install(v4Session(4)))
                    .isInstanceOf(BpfException.class)
                    .hasMessageContaining("no UE slot left for /198.19.220.4")
                    .hasMessageContaining("all 3 slots of upf_dldense_v1 after the dense ranges")
                    .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.ENOSPC));

            assertThat(contents(bed.dp)).isEqualTo(before);
            assertThat(teidOut(bed, bed.dp, 4)).isEqualTo(-1);

            // a burst: the first takes the one slot a removal freed, the second is refused alone, nothing of it written
            bed.dp.remove(v4Session(3));
            Map<String, List<String>> freed = contents(bed.dp);
            List<BpfException> refused = bed.dp.installAll(List.of(v4Session(4), v4Session(5)));
            assertThat(refused.get(0)).isNull();
            assertThat(refused.get(1)).isInstanceOf(UeSlots.Exhausted.class)
                    .hasMessageContaining("no UE slot left for /198.19.220.5");
            assertThat(teidOut(bed, bed.dp, 4)).isEqualTo(0x504);
            assertThat(teidOut(bed, bed.dp, 5)).isEqualTo(-1);
            assertThat(slotOf(bed.dp, 4)).isEqualTo(3);
            bed.dp.remove(v4Session(4));
            assertThat(contents(bed.dp).get("upf_sess_v1")).isEqualTo(freed.get("upf_sess_v1"));
            assertThat(contents(bed.dp).get(UeKeys.DL4_MAP)).isEqualTo(freed.get(UeKeys.DL4_MAP));
        }
    }

    @Test
    void freedSlotsAreReusedFirstInFirstOut() {
        try (Testbed bed = bed(6)) { // slots 1..5
            for (int i = 1; i <= 3; i++) {
                bed.dp.install(v4Session(i));
                assertThat(slotOf(bed.dp, i)).isEqualTo(i);
            }
            bed.dp.remove(v4Session(1));
            bed.dp.remove(v4Session(2));
            assertThat(slotOf(bed.dp, 1)).isZero();
            // never used slots first (4, 5), then the oldest freed (1, then 2): a freed slot is reused as late as possible
            int[] expected = {0, 0, 0, 0, 4, 5, 1, 2};
            for (int i = 4; i <= 7; i++) {
                bed.dp.install(v4Session(i));
                assertThat(slotOf(bed.dp, i)).as("UE %d", i).isEqualTo(expected[i]);
                assertThat(teidOut(bed, bed.dp, i)).isEqualTo(0x500 + i);
            }
        }
    }

    @Test
    void aLoadOnPinnedMapsRebuildsTheSlotsFromTheKeys() {
        try (Testbed bed = bed(6)) {
            Path pins = bed.topology.pinRoot().resolve("hashed");
            DataplaneConfig config = DataplaneConfig.small(8).withDenseRanges(List.of(), 6);
            try (Dataplane first = Dataplane.load(config, pins)) {
                for (int i = 1; i <= 3; i++) {
                    first.install(v4Session(i));
                }
                first.remove(v4Session(2));
            }
            try (Dataplane second = Dataplane.load(config, pins)) {
                assertThat(teidOut(bed, second, 1)).isEqualTo(0x501);
                assertThat(teidOut(bed, second, 3)).isEqualTo(0x503);
                // slots 1 and 3 are in use (their keys name them), 2, 4 and 5 free
                second.install(v4Session(4));
                second.install(v4Session(5));
                second.install(v4Session(6));
                assertThat(List.of(slotOf(second, 4), slotOf(second, 5), slotOf(second, 6))).containsExactly(2, 4, 5);
                assertThatThrownBy(() -> second.install(v4Session(7))).isInstanceOf(UeSlots.Exhausted.class);
                // the pinned UEs are modified and removed through their slots as before the restart
                second.modify(v4Session(1), v4Session(1, 0x601));
                assertThat(teidOut(bed, second, 1)).isEqualTo(0x601);
                assertThat(slotOf(second, 1)).isEqualTo(1);
                second.remove(v4Session(1, 0x601));
                second.remove(v4Session(3));
                assertThat(teidOut(bed, second, 1)).isEqualTo(-1);
                assertThat(teidOut(bed, second, 3)).isEqualTo(-1);
                assertThat(slotOf(second, 1)).isZero();
                second.install(v4Session(7));
                assertThat(slotOf(second, 7)).as("the oldest freed").isEqualTo(1);
            }
        }
    }

    /**
     * The tag that closes the window that remains (docs/dataplane.md): a key that names another key's slot (as an
     * element reused for another key at once would, or a slot number read before its slot was freed and handed out
     * again) meets a value of another tag there: no UE, the packet is dropped, never sent into the other UE's tunnel.
     * For each kind of key: an IPv4 address, an exact IPv6 address, a /64 in the trie.
     */
    @Test
    void aKeyNamingAnotherKeysSlotFindsNoUe() {
        try (Testbed bed = bed(16)) {
            bed.dp.install(everyKeyKind(0x501));
            bed.dp.install(v4Session(2));
            byte[] v6 = Sessions.v6(Sessions.UE_V6).getAddress();
            byte[] otherV6 = Sessions.v6("2001:db8:200:1::2").getAddress();
            byte[] slash64 = prefixKey(bed.dp, Sessions.v6(Sessions.UE_V6_PREFIX).getAddress());
            byte[] otherSlash64 = prefixKey(bed.dp, Sessions.v6("2001:db8:300:1::").getAddress());
            assertThat(teidOut(bed, bed.dp, toV6("2001:db8:200:1::2"))).as("by the trie").isEqualTo(0x501);

            name(bed.dp, UeKeys.DL4_MAP, Sessions.v4(ue(3)).getAddress(), slotOf(bed.dp, 2));
            name(bed.dp, UeKeys.DL6_MAP, otherV6, slot(bed.dp, UeKeys.DL6_MAP, v6));
            name(bed.dp, UeKeys.DL6P_MAP, otherSlash64, slot(bed.dp, UeKeys.DL6P_MAP, slash64));

            assertThat(teidOut(bed, bed.dp, 3)).as("IPv4, UE 2's slot").isEqualTo(-1);
            assertThat(teidOut(bed, bed.dp, toV6("2001:db8:200:1::2"))).as("exact IPv6").isEqualTo(-1);
            assertThat(teidOut(bed, bed.dp, toV6("2001:db8:300:1::5"))).as("another /64").isEqualTo(-1);
            assertThat(teidOut(bed, bed.dp, 2)).isEqualTo(0x502);
            assertThat(teidOut(bed, bed.dp, toV6(Sessions.UE_V6))).isEqualTo(0x501);
            assertThat(teidOut(bed, bed.dp, toV6("2001:db8:200:1::99"))).isEqualTo(0x501);
        }
    }

    static byte[] prefixKey(Dataplane dp, byte[] slash64) {
        ByteBuffer k = ByteBuffer.allocate(dp.map(UeKeys.DL6P_MAP).keySize()).order(ByteOrder.nativeOrder());
        k.putInt(Ipv6Key.PREFIX.offset("prefixlen"), 64).put(Ipv6Key.PREFIX.offset("addr"), slash64);
        return k.array();
    }

    /** The slot key names in map. */
    static int slot(Dataplane dp, String map, byte[] key) {
        ByteBuffer v = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        assertThat(dp.map(map).lookup(ByteBuffer.allocateDirect(key.length).put(0, key), v)).as(map).isTrue();
        return v.getInt(0);
    }

    /** Writes key into map naming slot, behind the facade's back. */
    static void name(Dataplane dp, String map, byte[] key, int slot) {
        dp.map(map).update(ByteBuffer.allocateDirect(key.length).put(0, key),
                ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, slot), UpdateFlags.ANY);
    }

    /** A pin root under bed's (dir), loaded with config, sessions installed, closed: for a load on pinned maps. */
    static Path pinnedWith(Testbed bed, String dir, DataplaneConfig config, SessionRules... sessions) {
        Path pins = bed.topology.pinRoot().resolve(dir);
        try (Dataplane dp = Dataplane.load(config, pins)) {
            List.of(sessions).forEach(dp::install);
        }
        return pins;
    }

    /**
     * Pinned keys this layout would not have written (another writer's, a layout of old): one naming a slot outside
     * the UE slots (a dense range's slot holds a dense UE's value) and two naming the same slot (one of them another
     * UE's) are deleted at load, so no packet follows them into another UE's value (the tag stops those of hashed
     * slots already; a dense slot's value carries none) and the allocator never hands out a slot a key names; the
     * other UEs keep forwarding, and the deleted ones' sessions, installed again, forward through slots of their own.
     */
    @Test
    void aLoadDeletesPinnedKeysNamingASlotOutsideTheUeSlotsOrAnotherKeysSlot() {
        try (Testbed bed = bed(8)) {
            DataplaneConfig config = DataplaneConfig.small(8).withDenseRanges(List.of(), 8);
            Path pins = pinnedWith(bed, "stale", config, v4Session(1), v4Session(2));
            try (Dataplane first = Dataplane.load(config, pins)) {
                BpfMap m = first.map(UeKeys.DL4_MAP);
                ByteBuffer slot = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                m.update(ByteBuffer.allocateDirect(4).put(0, Sessions.v4(ue(3)).getAddress()),
                        slot.putInt(0, slotOf(first, 2)), UpdateFlags.ANY);
                m.update(ByteBuffer.allocateDirect(4).put(0, Sessions.v4(ue(4)).getAddress()), slot.putInt(0, 100),
                        UpdateFlags.ANY);
                assertThat(teidOut(bed, first, 3)).as("UE 2's slot has UE 2's tag").isEqualTo(-1);
            }
            try (Dataplane second = Dataplane.load(config, pins)) {
                assertThat(List.of(slotOf(second, 2), slotOf(second, 3), slotOf(second, 4))).containsOnly(0);
                assertThat(teidOut(bed, second, 3)).isEqualTo(-1);
                assertThat(teidOut(bed, second, 2)).isEqualTo(-1);
                assertThat(teidOut(bed, second, 1)).isEqualTo(0x501);
                second.installAll(List.of(v4Session(2), v4Session(3)));
                assertThat(teidOut(bed, second, 2)).isEqualTo(0x502);
                assertThat(teidOut(bed, second, 3)).isEqualTo(0x503);
                assertThat(slotOf(second, 3)).isNotEqualTo(slotOf(second, 2)).isNotEqualTo(slotOf(second, 1));
            }
        }
    }

    /**
     * A pin root with UE-address maps named as layout 3's whose values are no struct upf_ue_set (another size): the
     * load cannot migrate them and stops naming them (the UEs would silently lose their downlink); once they are empty
     * it starts and retires them (UeLayoutMigrationTest: the migration).
     */
    @Test
    void aLoadOnPinnedLayoutThreeUeMapsOfAnotherValueSizeStops() {
        try (Testbed bed = bed(4)) {
            DataplaneConfig config = DataplaneConfig.small(8).withDenseRanges(List.of(), 4);
            Path pins = pinnedWith(bed, "v3", config, v4Session(1));
            try (BpfMap v3 = BpfMap.create(BpfMapType.HASH, "upf_dl4_v3", 4, 64, 16, 0)) {
                v3.pin(pins.resolve("upf_dl4_v3")); // removed with the pin root
                ByteBuffer key = ByteBuffer.allocateDirect(4).put(0, Sessions.v4(ue(2)).getAddress());
                v3.update(key, ByteBuffer.allocateDirect(64), UpdateFlags.ANY);
                assertThatThrownBy(() -> Dataplane.load(config, pins)).isInstanceOf(Dataplane.OlderUeMaps.class)
                        .hasMessageStartingWith("[" + pins.resolve("upf_dl4_v3") + "] pinned: UE-address maps of"
                                + " layout 3 that cannot be migrated into layout 4: their values have 64 octets,"
                                + " struct upf_ue_set 100")
                        .hasMessageContaining("remove those pins");
                v3.delete(key);
            }
            try (Dataplane second = Dataplane.load(config, pins)) {
                assertThat(teidOut(bed, second, 1)).isEqualTo(0x501);
                assertThat(pins.resolve("upf_dl4_v3")).as("retired").doesNotExist();
            }
        }
    }

    /** The same for the keys of the IPv6 hash and of the trie (read one key at a time: the trie has no batch read). */
    @Test
    void aLoadOnPinnedMapsRebuildsTheSlotsOfIpv6KeysAndPrefixes() {
        try (Testbed bed = bed(5)) { // slots 1..4
            Path pins = bed.topology.pinRoot().resolve("hashed6");
            DataplaneConfig config = DataplaneConfig.small(8).withDenseRanges(List.of(), 5);
            SessionRules v6 = DenseDownlinkTest.exactV6(9, "2001:db8:230::1", 0x909);
            SessionRules prefix = SessionRules.builder(8, new UeSession(null, Sessions.v6("2001:db8:231::"), 56))
                    .far(Sessions.FAR_N3 + 80, FarRule.forwardGtpu(Sessions.addr(Testbed.UPF_N3),
                            Sessions.addr(Testbed.GNB), 0x808, null))
                    .qer(Sessions.QER + 80, QerRule.open(Sessions.QFI)).urr(Sessions.URR + 80)
                    .pdr(Sessions.PDR_DL + 80, new PdrRule(Sessions.FAR_N3 + 80, Sessions.QER + 80, 0,
                            Sessions.URR + 80, 0, Direction.DOWNLINK, null, null))
                    .downlinkPrefix(Sessions.v6("2001:db8:231::"), 56, Sessions.PDR_DL + 80).build();
            try (Dataplane first = Dataplane.load(config, pins)) {
                first.install(v4Session(1));
                first.install(v6);
                first.install(prefix);
            }
            try (Dataplane second = Dataplane.load(config, pins)) {
                second.install(v4Session(2));
                assertThat(slotOf(second, 2)).as("the one slot no pinned key names").isEqualTo(4);
                assertThatThrownBy(() -> second.install(v4Session(3))).isInstanceOf(UeSlots.Exhausted.class);
                second.remove(prefix);
                second.remove(v6);
                assertThat(trieKeys(second)).isZero();
                assertThat(second.map(UeKeys.DL6_MAP).nextKey(null, ByteBuffer.allocateDirect(16))).isFalse();
                second.install(v4Session(3));
                second.install(v4Session(4));
                assertThat(List.of(slotOf(second, 3), slotOf(second, 4))).as("freed: the prefix's, then the"
                        + " address's").containsExactly(3, 2);
            }
        }
    }

    /**
     * Two sessions given the same UE address (the SMF's error): the later install takes the key's slot over (as a
     * hash write would, and as a dense slot is taken over), the key is not written again; the first session's removal
     * then leaves the slot and the key to the second, whose removal deletes them.
     */
    @Test
    void aUeAddressInstalledTwiceBelongsToTheLaterSession() {
        try (Testbed bed = bed(4)) {
            SessionRules first = v4Session(1);
            SessionRules second = sameUeAsOne();
            bed.dp.install(first);
            int slot = slotOf(bed.dp, 1);
            List<String> keyWrites = new ArrayList<>();
            bed.dp.writeLog((map, key, value) -> {
                if (map.equals(UeKeys.DL4_MAP)) {
                    keyWrites.add(map);
                }
            });
            bed.dp.install(second);
            assertThat(keyWrites).as("the key is written once").isEmpty();
            assertThat(slotOf(bed.dp, 1)).isEqualTo(slot);
            assertThat(teidOut(bed, bed.dp, 1)).isEqualTo(0x702);
            bed.dp.remove(first);
            assertThat(teidOut(bed, bed.dp, 1)).isEqualTo(0x702);
            assertThat(slotOf(bed.dp, 1)).isEqualTo(slot);
            bed.dp.remove(second);
            assertThat(teidOut(bed, bed.dp, 1)).isEqualTo(-1);
            assertThat(slotOf(bed.dp, 1)).isZero();
        }
    }

    /** Session 2 given UE 1's address (198.19.220.1), toward the gNB's TEID 0x702. */
    static SessionRules sameUeAsOne() {
        return sameUeAsOneBuilder().build();
    }

    static SessionRules.Builder sameUeAsOneBuilder() {
        return SessionRules.builder(2, new UeSession(Sessions.v4(ue(1)), null, 0))
                .far(Sessions.FAR_N3 + 20, FarRule.forwardGtpu(Sessions.addr(Testbed.UPF_N3),
                        Sessions.addr(Testbed.GNB), 0x702, null))
                .qer(Sessions.QER + 20, QerRule.open(Sessions.QFI)).urr(Sessions.URR + 20)
                .pdr(Sessions.PDR_DL + 20, new PdrRule(Sessions.FAR_N3 + 20, Sessions.QER + 20, 0,
                        Sessions.URR + 20, 0, Direction.DOWNLINK, null, null))
                .downlink(Sessions.v4(ue(1)), Sessions.PDR_DL + 20);
    }

    /**
     * The same address twice in one batch (an agent's burst, or its journal replayed after a restart): the later
     * session holds the slot, and the earlier one's removal neither closes it nor deletes its key nor frees it (a freed
     * slot goes to the next new UE while the later session's removal would still close and free it then).
     */
    @Test
    void aUeAddressInstalledTwiceInOneBatchStaysTheLaterSessionsUntilItsRemoval() {
        try (Testbed bed = bed(4)) {
            assertThat(bed.dp.installAll(List.of(v4Session(1), sameUeAsOne()))).containsOnlyNulls();
            int slot = slotOf(bed.dp, 1);
            assertThat(teidOut(bed, bed.dp, 1)).isEqualTo(0x702);

            bed.dp.remove(v4Session(1));
            assertThat(teidOut(bed, bed.dp, 1)).isEqualTo(0x702);
            assertThat(slotOf(bed.dp, 1)).isEqualTo(slot);
            bed.dp.install(v4Session(3));
            assertThat(slotOf(bed.dp, 3)).as("not the slot session 2 holds").isNotEqualTo(slot);

            bed.dp.remove(sameUeAsOne());
            assertThat(teidOut(bed, bed.dp, 1)).isEqualTo(-1);
            assertThat(slotOf(bed.dp, 1)).isZero();
            assertThat(teidOut(bed, bed.dp, 3)).isEqualTo(0x503);
        }
    }

    /**
     * A session given UE 1's address whose install the full upf_dl6_v4 refuses (its other key) has switched UE 1's
     * slot off to take it over, and does not hold it: session 1 still does, and its removal deletes the key and frees
     * the slot (not left to a session that never got it).
     */
    @Test
    void aRefusedTakeOverLeavesTheSlotToItsHolderWhoseRemovalFreesIt() {
        try (Testbed bed = bed(4)) {
            bed.dp.install(v4Session(1));
            int slot = slotOf(bed.dp, 1);
            SessionRules second = sameUeAsOneBuilder().downlink(Sessions.v6("2001:db8:200:1::7"), Sessions.PDR_DL + 20)
                    .build();
            BpfMap m = bed.dp.map(UeKeys.DL6_MAP);
            List<ByteBuffer> filler = new ArrayList<>();
            for (int i = 0; i < m.maxEntries() + 1; i++) {
                ByteBuffer k = ByteBuffer.allocateDirect(16).putInt(0, 0x20010db8).putInt(12, i);
                try {
                    m.update(k, ByteBuffer.allocateDirect(4), UpdateFlags.NOEXIST);
                } catch (BpfException full) {
                    break;
                }
                filler.add(k);
            }
            assertThatThrownBy(() -> bed.dp.install(second)).isInstanceOf(BpfException.class);
            filler.forEach(m::delete);

            bed.dp.remove(v4Session(1));
            assertThat(slotOf(bed.dp, 1)).isZero();
            assertThat(teidOut(bed, bed.dp, 1)).isEqualTo(-1);
            for (int i = 2; i <= 4; i++) { // the three slots: none kept by a key nobody removes
                bed.dp.install(v4Session(i));
            }
            assertThat(List.of(slotOf(bed.dp, 2), slotOf(bed.dp, 3), slotOf(bed.dp, 4))).as("the slot went back")
                    .contains(slot);
        }
    }

    /**
     * An install the full upf_dl4_v4 refuses gives its new key's UE slot back and leaves no key: once there is room
     * again, the retry allocates, writes the key and forwards (not a slot the allocator kept with no key naming it).
     */
    @Test
    void anInstallRefusedByAFullHashForwardsWhenRetried() {
        try (Testbed bed = bed(16)) {
            BpfMap m = bed.dp.map(UeKeys.DL4_MAP);
            ByteBuffer v = ByteBuffer.allocateDirect(m.valueBufferSize()).order(ByteOrder.nativeOrder());
            List<ByteBuffer> filler = new ArrayList<>();
            for (int i = 0; i < m.maxEntries() + 1; i++) {
                ByteBuffer k = ByteBuffer.allocateDirect(4).order(ByteOrder.BIG_ENDIAN).putInt(0, 0xc6136400 + i);
                try {
                    m.update(k, v, UpdateFlags.NOEXIST);
                } catch (BpfException full) {
                    break;
                }
                filler.add(k);
            }
            assertThatThrownBy(() -> bed.dp.install(v4Session(1))).isInstanceOf(BpfException.class)
                    .isNotInstanceOf(UeSlots.Exhausted.class);
            assertThat(slotOf(bed.dp, 1)).isZero();

            filler.forEach(m::delete);
            bed.dp.install(v4Session(1));
            assertThat(slotOf(bed.dp, 1)).isNotZero();
            assertThat(teidOut(bed, bed.dp, 1)).isEqualTo(0x501);
        }
    }

    /** The base session without dense ranges: its IPv4 address in upf_dl4_v4, an exact IPv6 one, its /64 in the trie. */
    static SessionRules everyKeyKind(int gnbTeid) {
        return Sessions.basic(FarRule.forwardGtpu(Sessions.addr(Testbed.UPF_N3), Sessions.addr(Testbed.GNB), gnbTeid,
                null)).downlink(Sessions.v6(Sessions.UE_V6), Sessions.PDR_DL).build();
    }

    /** Records, in order, "key map slot" per key written into map, and "open slot" per write opening a dense slot. */
    static Dataplane.WriteLog keyAndOpenLog(List<String> log) {
        return (map, key, value) -> {
            if (List.of(UeKeys.DL4_MAP, UeKeys.DL6_MAP, UeKeys.DL6P_MAP).contains(map)) {
                log.add("key " + map + " " + value.order(ByteOrder.nativeOrder()).getInt(value.position()));
            } else if (map.equals(DenseIndex.VALUES_MAP) && (value.get(value.position()) & DenseIndex.LIVE) != 0) {
                log.add("open " + key.order(ByteOrder.nativeOrder()).getInt(key.position()));
            }
        };
    }

    /**
     * The invariant the UE slots are for: a hash or trie key is written once, when it is new (naming its slot before
     * the slot opens); a modification that changes the UE's tunnel, a re-install of the same session and a batched
     * re-install after a restart (the agent's journal replayed on the pinned maps) never write it again (an update
     * would replace its element, which Linux >= 6.1 may hand to the next update at once).
     */
    @Test
    void aHashOrTrieKeyIsWrittenOnceBeforeItsSlotOpensAndNeverAgain() {
        try (Testbed bed = bed(16)) {
            Path pins = bed.topology.pinRoot().resolve("once");
            DataplaneConfig config = DataplaneConfig.small(8).withDenseRanges(List.of(), 16);
            List<String> log = new ArrayList<>();
            try (Dataplane dp = Dataplane.load(config, pins)) {
                dp.writeLog(keyAndOpenLog(log));
                dp.install(everyKeyKind(0x501));
                List<String> keys = log.stream().filter(e -> e.startsWith("key ")).toList();
                assertThat(keys).extracting(e -> e.split(" ")[1])
                        .containsExactlyInAnyOrder(UeKeys.DL4_MAP, UeKeys.DL6_MAP, UeKeys.DL6P_MAP);
                for (String key : keys) {
                    String slot = key.split(" ")[2];
                    assertThat(log.indexOf(key)).as(key).isLessThan(log.indexOf("open " + slot))
                            .isGreaterThanOrEqualTo(0);
                }

                log.clear();
                dp.modify(everyKeyKind(0x501), everyKeyKind(0x601));
                dp.installAll(List.of(everyKeyKind(0x601)));
                assertThat(log).as("tunnel changed (slots reopened), re-installed").contains("open " + 1)
                        .noneMatch(e -> e.startsWith("key "));
                assertThat(teidOut(bed, dp, toV6(Sessions.UE_V6))).isEqualTo(0x601);
                assertThat(teidOut(bed, dp, toV6("2001:db8:200:1::99"))).as("by the trie").isEqualTo(0x601);
            }
            try (Dataplane dp = Dataplane.load(config, pins)) {
                log.clear();
                dp.writeLog(keyAndOpenLog(log));
                assertThat(dp.installAll(List.of(everyKeyKind(0x701)))).containsOnlyNulls();
                assertThat(log).as("replayed after a restart").isNotEmpty().noneMatch(e -> e.startsWith("key "));
                assertThat(teidOut(bed, dp, toV6(Sessions.UE_V6))).isEqualTo(0x701);
                assertThat(teidOut(bed, dp, toV6("2001:db8:200:1::99"))).isEqualTo(0x701);
                dp.remove(everyKeyKind(0x701));
            }
        }
    }

    @Test
    void aRemovalClosesTheStagingEntryThenTheSlotThenDeletesTheKey() {
        try (Testbed bed = bed(4)) {
            bed.dp.install(v4Session(1));
            bed.dp.modify(v4Session(1), v4Session(1, 0x601)); // leaves the slot's staging entry open
            int slot = slotOf(bed.dp, 1);
            List<String> log = new ArrayList<>();
            bed.dp.writeLog(new Dataplane.WriteLog() {
                @Override
                public void written(String map, ByteBuffer key, ByteBuffer value) {
                    if ((map.equals(DenseIndex.VALUES_MAP) || map.equals(DenseIndex.STAGING_MAP))
                            && key.order(ByteOrder.nativeOrder()).getInt(key.position()) == slot) {
                        log.add(map + ((value.get(value.position()) & DenseIndex.LIVE) != 0 ? " live" : " closed"));
                    }
                }

                @Override
                public void deleted(String map, ByteBuffer key) {
                    log.add(map + " deleted");
                }
            });
            bed.dp.remove(v4Session(1, 0x601));
            assertThat(log).containsExactly(DenseIndex.STAGING_MAP + " closed", DenseIndex.VALUES_MAP + " closed",
                    UeKeys.DL4_MAP + " deleted");
            assertThat(slotOf(bed.dp, 1)).isZero();
            assertThat(teidOut(bed, bed.dp, 1)).isEqualTo(-1);
        }
    }

    /**
     * A session's /64 inside a dense range is found by arithmetic; a modification that adds an exact address inside it
     * moves the /64 to the trie (the array, read first, would hide the exact key), into a slot of its own; the
     * modification that drops the exact address moves it back into its dense slot, and the trie key and its slot go.
     */
    @Test
    void aSlashSixtyFourMovesBetweenTheArrayAndTheTrie() {
        try (Testbed bed = new Testbed(DenseDownlinkTest.CONFIG)) {
            SessionRules dense = Sessions.basic(Sessions.toGnbV4()).build();
            SessionRules withExact = Sessions.basic(Sessions.toGnbV4()).downlink(Sessions.v6(Sessions.UE_V6),
                    Sessions.PDR_DL).build();
            int slashSixtyFour = bed.dp.denseIndex().slot(Sessions.v6(Sessions.UE_V6_PREFIX), 64);
            String other = "2001:db8:200:1::99"; // in the /64, not the exact address
            bed.dp.install(dense);
            assertThat(teidTo(bed, other)).isEqualTo(Sessions.GNB_TEID);
            assertThat(trieKeys(bed.dp)).isZero();

            bed.dp.modify(dense, withExact);
            assertThat(trieKeys(bed.dp)).isEqualTo(1);
            assertThat(live(bed.dp, slashSixtyFour)).as("the /64's dense slot").isFalse();
            assertThat(teidTo(bed, other)).isEqualTo(Sessions.GNB_TEID);
            assertThat(teidTo(bed, Sessions.UE_V6)).isEqualTo(Sessions.GNB_TEID);

            bed.dp.modify(withExact, dense);
            assertThat(trieKeys(bed.dp)).isZero();
            assertThat(bed.dp.map(UeKeys.DL6_MAP).nextKey(null, ByteBuffer.allocateDirect(16))).isFalse();
            assertThat(live(bed.dp, slashSixtyFour)).isTrue();
            assertThat(teidTo(bed, other)).isEqualTo(Sessions.GNB_TEID);
            assertThat(teidTo(bed, Sessions.UE_V6)).isEqualTo(Sessions.GNB_TEID);

            bed.dp.remove(dense);
            assertThat(teidTo(bed, other)).isEqualTo(-1);
            assertThat(live(bed.dp, slashSixtyFour)).isFalse();
        }
    }

    static int trieKeys(Dataplane dp) {
        BpfMap m = dp.map(UeKeys.DL6P_MAP);
        ByteBuffer key = ByteBuffer.allocateDirect(m.keySize()).order(ByteOrder.nativeOrder());
        ByteBuffer next = ByteBuffer.allocateDirect(m.keySize()).order(ByteOrder.nativeOrder());
        int n = 0;
        boolean more = m.nextKey(null, next);
        while (more) {
            n++;
            key.clear().put(next.clear()).clear();
            more = m.nextKey(key, next.clear());
        }
        return n;
    }

    static boolean live(Dataplane dp, int slot) {
        return (DenseDownlinkTest.slotValue(dp, slot).get(0) & DenseIndex.LIVE) != 0;
    }

    static int teidTo(Testbed bed, String ue) {
        return teidOut(bed, bed.dp, toV6(ue));
    }

    static byte[] toV6(String ue) {
        return Packet.eth(DN_MAC, UPF_N6_MAC).ipv6(DN_HOST_V6, ue).udp(5001, 40000).payload(DownlinkTest.DATA).build();
    }
}
