package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.upf.bpf.dataplane.HashedUeSlotsTest.bed;
import static org.upf.bpf.dataplane.HashedUeSlotsTest.everyKeyKind;
import static org.upf.bpf.dataplane.HashedUeSlotsTest.teidOut;
import static org.upf.bpf.dataplane.HashedUeSlotsTest.toV6;
import static org.upf.bpf.dataplane.HashedUeSlotsTest.trieKeys;
import static org.upf.bpf.dataplane.HashedUeSlotsTest.v4Session;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.upf.bpf.BpfMap;
import org.upf.bpf.BpfMapType;
import org.upf.bpf.LogCapture;
import org.upf.bpf.UpdateFlags;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;

/**
 * A load on a pin root an older program left with UE-address maps of layout 3 (key -> the whole struct upf_ue_set)
 * migrates their UEs into UE slots of layout 4 (docs/dataplane.md, "Maps", the upgrade from layout 3): the same
 * packets reach the same tunnels, a key layout 4 holds already keeps its layout-4 value, the layout-3 pins stay while
 * a pinned link runs the older program and are gone once this load's program took it over, a second load before that
 * rewrites nothing; a UE removed before it is not migrated back; a migration killed between a key and its open write is
 * finished by the next load; a stray link pin name does not fail the attach; too many UEs for the free UE slots stop
 * the load before anything is written.
 */
class UeLayoutMigrationTest {
    /** BPF_F_NO_PREALLOC: the layout-3 hashes' flag, and the one an LPM trie needs. */
    private static final int NO_PREALLOC = 1;
    /** Every UE outside the dense ranges (there are none): UE slots 1 to 7. */
    private static final DataplaneConfig CONFIG = DataplaneConfig.small(8).withDenseRanges(List.of(), 8);

    @Test
    void aLoadMigratesPinnedLayoutThreeUesAndRetiresTheirMaps() {
        try (Testbed bed = bed(8)) {
            Path pins = bed.topology.pinRoot().resolve("v3");
            olderRun(bed, pins, true);
            Map<String, Integer> slots;
            try (Dataplane dp = Dataplane.load(CONFIG, pins)) {
                assertForwarding(bed, dp);
                slots = slots(dp);
            }
            assertThat(OlderUeKeys.NAMES).as("kept while a pinned link runs the older program")
                    .allSatisfy(name -> assertThat(pins.resolve(name)).exists());
            try (Dataplane again = Dataplane.load(CONFIG, pins)) {
                assertThat(slots(again)).as("nothing migrated again").isEqualTo(slots);
                assertForwarding(bed, again); // UE 1 rewritten from layout 3 would leave with 0x5ff
                attachN6(bed, again);
                assertThat(OlderUeKeys.NAMES).allSatisfy(name -> assertThat(pins.resolve(name)).doesNotExist());
                assertThat(trieKeys(again)).isOne();
            }
        }
    }

    @Test
    void aUeRemovedBeforeTheLayoutThreeMapsAreRetiredIsNotMigratedBack() {
        try (Testbed bed = bed(8)) {
            Path pins = bed.topology.pinRoot().resolve("rm");
            olderRun(bed, pins, true);
            try (Dataplane dp = Dataplane.load(CONFIG, pins)) {
                assertForwarding(bed, dp);
                dp.remove(everyKeyKind(0x777));
            }
            assertThat(pins.resolve("upf_dl4_v3")).as("not retired yet").exists();
            for (String name : OlderUeKeys.NAMES.subList(1, 3)) { // the removal deleted them from layout 3 too
                try (BpfMap m = BpfMap.openPinned(pins.resolve(name))) {
                    assertThat(m.keys()).as(name).isEmpty();
                }
            }
            try (Dataplane after = Dataplane.load(CONFIG, pins)) {
                assertThat(teidOut(bed, after, 1)).isEqualTo(0x501);
                assertGone(bed, after);
                attachN6(bed, after);
            }
            try (Dataplane retired = Dataplane.load(CONFIG, pins)) {
                assertGone(bed, retired);
            }
        }
    }

    @Test
    void aMigrationKilledBetweenTheKeyAndTheOpenWriteIsFilledAgainFromLayoutThree() {
        try (Testbed bed = bed(8)) {
            Path pins = bed.topology.pinRoot().resolve("kill");
            olderRun(bed, pins, false);
            try (Dataplane dp = Dataplane.load(CONFIG, pins)) { // then killed: the key written, the slot still closed
                BpfMap values = dp.map(DenseIndex.VALUES_MAP);
                for (String map : List.of(UeKeys.DL4_MAP, UeKeys.DL6_MAP, UeKeys.DL6P_MAP)) {
                    keySlots(dp, map).values().forEach(slot -> {
                        ByteBuffer v = DenseDownlinkTest.slotValue(dp, slot);
                        v.put(0, (byte) (v.get(0) & ~DenseIndex.LIVE));
                        values.update(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, slot), v,
                                UpdateFlags.ANY);
                    });
                }
                assertThat(teidOut(bed, dp, v4Frame())).as("dark").isEqualTo(-1);
            }
            try (Dataplane dp = Dataplane.load(CONFIG, pins)) {
                assertEveryKeyKind(bed, dp, 0x777);
                attachN6(bed, dp);
                assertEveryKeyKind(bed, dp, 0x777);
            }
        }
    }

    @Test
    void aStrayLinkPinNameNeitherFailsTheAttachNorStopsRetirement() {
        try (Testbed bed = bed(8)) {
            Path pins = bed.topology.pinRoot().resolve("stray");
            olderRun(bed, pins, false);
            try (BpfMap m = BpfMap.create(BpfMapType.ARRAY, "stray", 4, 4, 1, 0)) {
                m.pin(pins.resolve("link_xdp_old")); // bpffs refuses a "." in a name (link_xdp_3.bak)
            }
            try (Dataplane dp = Dataplane.load(CONFIG, pins)) {
                assertThat(pins.resolve("upf_dl4_v3")).as("the older link still pinned").exists();
                attachN6(bed, dp);
                assertThat(OlderUeKeys.NAMES).allSatisfy(name -> assertThat(pins.resolve(name)).doesNotExist());
                assertEveryKeyKind(bed, dp, 0x777);
            }
        }
    }

    @Test
    void aPinnedLinkThisLoadDoesNotTakeOverKeepsTheLayoutThreeMapsNamedInAWarning() {
        try (Testbed bed = bed(8)) {
            Path pins = bed.topology.pinRoot().resolve("kept");
            olderRun(bed, pins, false);
            try (LogCapture log = LogCapture.of(Dataplane.class.getName());
                    Dataplane dp = Dataplane.load(CONFIG, pins)) {
                bed.inNamespace(() -> {
                    dp.attach(Role.N3, bed.n3); // N6 not configured any more: its older link stays
                    return null;
                });
                assertThat(OlderUeKeys.NAMES).allSatisfy(name -> assertThat(pins.resolve(name)).exists());
                String kept = "layout-3 UE maps kept while [" + dp.linkPin(bed.n6) + "]";
                assertThat(log.messages(Level.WARNING)).anySatisfy(m -> assertThat(m).contains(kept));
            }
        }
    }

    @Test
    void moreLayoutThreeUesThanFreeUeSlotsStopTheLoadNamingUeDenseSlots() {
        try (Testbed bed = bed(8)) {
            DataplaneConfig config = DataplaneConfig.small(8).withDenseRanges(List.of(), 3); // UE slots 1 and 2
            Path pins = bed.topology.pinRoot().resolve("short");
            Map<byte[], byte[]> keys = new LinkedHashMap<>();
            for (int i = 1; i <= 3; i++) {
                keys.put(Sessions.v4(HashedUeSlotsTest.ue(i)).getAddress(), new byte[UeSet.C.size()]);
            }
            Dataplane.load(config, pins).close();
            pinLayoutThree(pins, Map.of(UeKeys.DL4_MAP, keys));
            assertThatThrownBy(() -> Dataplane.load(config, pins)).isInstanceOf(Dataplane.OlderUeMaps.class)
                    .hasMessageStartingWith(OlderUeKeys.NAMES.stream().map(pins::resolve).toList() + " pinned:"
                            + " UE-address maps of layout 3 that cannot be migrated into layout 4: 3 of their UEs need"
                            + " a UE slot, 2 of the 2")
                    .hasMessageContaining("maps.ueDenseSlots");
            assertThat(pins.resolve("upf_dl4_v3")).exists();
            try (BpfMap m = BpfMap.openPinned(pins.resolve(UeKeys.DL4_MAP))) {
                assertThat(m.nextKey(null, ByteBuffer.allocateDirect(4))).as("nothing written").isFalse();
            }
        }
    }

    /**
     * What an older agent leaves under pins: its N6 link pinned (running its program, which reads layout 3), the
     * layout-3 maps holding the keys of everyKeyKind (0x777) and, with ue1, UE 1 (0x5ff) while layout 4 holds UE 1
     * already (0x501).
     */
    private static void olderRun(Testbed bed, Path pins, boolean ue1) {
        Map<String, Map<byte[], byte[]>> v3 = new LinkedHashMap<>();
        try (Dataplane older = Dataplane.load(CONFIG, pins)) {
            attachN6(bed, older);
            List<SessionRules> sessions = ue1 ? List.of(v4Session(1, 0x5ff), everyKeyKind(0x777))
                    : List.of(everyKeyKind(0x777));
            older.installAll(sessions);
            for (String map : List.of(UeKeys.DL4_MAP, UeKeys.DL6_MAP, UeKeys.DL6P_MAP)) {
                v3.put(map, layoutThreeValues(older, map));
            }
            sessions.forEach(older::remove);
            if (ue1) {
                older.install(v4Session(1));
            }
        }
        pinLayoutThree(pins, v3);
    }

    private static void attachN6(Testbed bed, Dataplane dp) {
        bed.inNamespace(() -> {
            dp.attach(Role.N6, bed.n6);
            return null;
        });
    }

    /** UE 1 by its layout-4 value, and the IPv4 address, the exact IPv6 address and the /64 of everyKeyKind. */
    private static void assertForwarding(Testbed bed, Dataplane dp) {
        assertThat(teidOut(bed, dp, 1)).as("layout 4 wins").isEqualTo(0x501);
        assertEveryKeyKind(bed, dp, 0x777);
    }

    /** The IPv4 address, the exact IPv6 address and the /64 of everyKeyKind leave with teid (-1: dropped). */
    private static void assertEveryKeyKind(Testbed bed, Dataplane dp, int teid) {
        assertThat(teidOut(bed, dp, v4Frame())).as("IPv4").isEqualTo(teid);
        assertThat(teidOut(bed, dp, toV6(Sessions.UE_V6))).as("exact IPv6").isEqualTo(teid);
        assertThat(teidOut(bed, dp, toV6("2001:db8:200:1::99"))).as("the /64").isEqualTo(teid);
    }

    /** everyKeyKind dropped and no key of it in layout 4 or (if still pinned) layout 3: UE 1's key alone. */
    private static void assertGone(Testbed bed, Dataplane dp) {
        assertEveryKeyKind(bed, dp, -1);
        assertThat(slots(dp)).hasSize(1);
        for (String name : OlderUeKeys.NAMES) {
            Path pin = dp.linkPin(0).resolveSibling(name);
            if (pin.toFile().exists()) {
                try (BpfMap m = BpfMap.openPinned(pin)) {
                    assertThat(m.keys()).as(name).hasSize(name.equals("upf_dl4_v3") ? 1 : 0);
                }
            }
        }
    }

    private static byte[] v4Frame() {
        return Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, Sessions.UE).udp(5001, 40000).payload(DownlinkTest.DATA)
                .build();
    }

    /** Each key of layout-4 map with its slot's value as layout 3 held it: no LIVE, no tag. */
    private static Map<byte[], byte[]> layoutThreeValues(Dataplane dp, String map) {
        Map<byte[], byte[]> out = new LinkedHashMap<>();
        keySlots(dp, map).forEach((key, slot) -> {
            byte[] v = new byte[UeSet.C.size()];
            DenseDownlinkTest.slotValue(dp, slot).get(0, v);
            v[0] &= (byte) ~DenseIndex.LIVE;
            ByteBuffer.wrap(v).order(ByteOrder.nativeOrder())
                    .putInt(UeSet.C.offset("set") + PdrSet.C.offset("teid"), 0);
            out.put(HexFormat.of().parseHex(key), v);
        });
        return out;
    }

    /** Creates the layout-3 maps as the older program did and pins them under pins, holding keys (by layout-4 map). */
    private static void pinLayoutThree(Path pins, Map<String, Map<byte[], byte[]>> keys) {
        List<String> layoutFour = List.of(UeKeys.DL4_MAP, UeKeys.DL6_MAP, UeKeys.DL6P_MAP);
        for (int i = 0; i < layoutFour.size(); i++) {
            Map<byte[], byte[]> entries = keys.getOrDefault(layoutFour.get(i), Map.of());
            String name = OlderUeKeys.NAMES.get(i);
            BpfMapType type = i == 2 ? BpfMapType.LPM_TRIE : BpfMapType.HASH;
            int keySize = i == 0 ? 4 : i == 1 ? 16 : 20;
            try (BpfMap m = BpfMap.create(type, name, keySize, UeSet.C.size(), 1024, NO_PREALLOC)) {
                entries.forEach((k, v) -> m.update(ByteBuffer.allocateDirect(k.length).put(0, k),
                        ByteBuffer.allocateDirect(v.length).put(0, v), UpdateFlags.ANY));
                m.pin(pins.resolve(name));
            }
        }
    }

    /** Every layout-4 key's slot, by map and key. */
    private static Map<String, Integer> slots(Dataplane dp) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String map : List.of(UeKeys.DL4_MAP, UeKeys.DL6_MAP, UeKeys.DL6P_MAP)) {
            keySlots(dp, map).forEach((key, slot) -> out.put(map + " " + key, slot));
        }
        return out;
    }

    /** The keys of a layout-4 map (hex) and the slots they name. */
    private static Map<String, Integer> keySlots(Dataplane dp, String map) {
        Map<String, Integer> out = new LinkedHashMap<>();
        BpfMap m = dp.map(map);
        for (ByteBuffer key : m.keys()) {
            byte[] k = new byte[m.keySize()];
            key.get(0, k);
            ByteBuffer slot = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            assertThat(m.lookup(ByteBuffer.allocateDirect(k.length).put(0, k), slot)).isTrue();
            out.put(HexFormat.of().formatHex(k), slot.getInt(0));
        }
        return out;
    }
}
