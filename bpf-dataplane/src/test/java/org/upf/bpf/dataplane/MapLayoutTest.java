package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.upf.bpf.BpfMap;
import org.upf.bpf.BpfMapType;
import org.upf.bpf.BpfObject;
import org.upf.bpf.StructLayout;

/** Every Java mirror states the size and member offsets the compiled object's BTF has for its C struct. */
class MapLayoutTest {
    static final List<CStruct> MIRRORS = List.of(UpfConfig.C, PdrSet.C, UplinkFastEntry.C, DownlinkFastEntry.C, UeSet.C,
            UeSession.C, SdfFilter.C, PdrRule.C, FarRule.C, QerRule.C, MeterState.C, Usage.C, Counter.C, ControlEvent.C, Ipv6Key.EXACT, Ipv6Key.PREFIX, NextHop.C,
            DenseIndex.C, DenseIndex.RANGE, InterfaceCounter.C);

    @Test
    void mirrorsMatchTheBtfOfTheObject() {
        try (BpfObject obj = BpfObject.openResource(Dataplane.OBJECT)) {
            for (CStruct mirror : MIRRORS) {
                StructLayout btf = obj.structLayout(mirror.name());
                assertThat(mirror.size()).as("size of struct %s", mirror.name()).isEqualTo(btf.size());
                List<CStruct.Member> fromBtf = btf.members().stream()
                        .map(m -> new CStruct.Member(m.name(), m.offset(), m.size())).toList();
                assertThat(mirror.members()).as("members of struct %s", mirror.name())
                        .containsExactlyElementsOf(fromBtf);
            }
        }
    }

    @Test
    void everyMapNameCarriesALayoutVersion() {
        try (BpfObject obj = BpfObject.openResource(Dataplane.OBJECT)) {
            // libbpf's global data maps ("upf_xdp.rodata": constants) are never pinned and carry no layout.
            assertThat(obj.mapNames().stream().filter(n -> !n.startsWith("upf_xdp."))).isNotEmpty()
                    .allMatch(n -> n.matches("upf_[a-z0-9]+_v[1-9][0-9]*") && n.length() <= 15);
        }
    }

    @Test
    void theUeAddressMapsHoldASlotAndAreNotPreallocated() {
        // v4: the value is the UE's slot of upf_dldense_v1 (a __u32), written once per key; the maps hold only the
        // installed keys (BPF_F_NO_PREALLOC = 1).
        try (Dataplane dp = Dataplane.load(DataplaneConfig.small(8), null)) {
            for (String name : List.of(UeKeys.DL4_MAP, UeKeys.DL6_MAP, UeKeys.DL6P_MAP)) {
                assertThat(name).endsWith("_v" + UeKeys.LAYOUT_VERSION);
                assertThat(dp.map(name).flags() & 1).as("BPF_F_NO_PREALLOC of %s", name).isEqualTo(1);
                assertThat(dp.map(name).valueSize()).as("value of %s", name).isEqualTo(4);
            }
            assertThat(dp.map(UeKeys.DL4_MAP).keySize()).isEqualTo(4);
            assertThat(dp.map(UeKeys.DL6_MAP).keySize()).isEqualTo(Ipv6Key.EXACT.size());
            assertThat(dp.map(UeKeys.DL6P_MAP).keySize()).isEqualTo(Ipv6Key.PREFIX.size());
        }
        assertThat(UeKeys.DL4_MAP).isEqualTo("upf_dl4_v4");
        assertThat(UeKeys.DL6_MAP).isEqualTo("upf_dl6_v4");
        assertThat(UeKeys.DL6P_MAP).isEqualTo("upf_dl6p_v4");
    }

    @Test
    void theDenseIndexIsAnArraySizedByItsRanges() {
        DataplaneConfig config = DataplaneConfig.small(8).withDenseRanges(List.of(DenseRange.parse("198.19.0.0/24"),
                DenseRange.parse("2001:db8:200::/56")));
        try (Dataplane dp = Dataplane.load(config, null)) {
            // the ranges' slots come on top of the slots small(8) has for the UEs of the hashes and the trie
            assertThat(dp.map(DenseIndex.VALUES_MAP).maxEntries())
                    .isEqualTo(DataplaneConfig.small(8).denseSlots() + 256 + 256).isEqualTo(1 + 256 + 256 + 256);
            assertThat(dp.map(DenseIndex.VALUES_MAP).valueSize()).isEqualTo(UeSet.C.size());
            assertThat(dp.map(DenseIndex.RANGES_MAP).maxEntries()).isEqualTo(1);
            assertThat(dp.map(DenseIndex.RANGES_MAP).valueSize()).isEqualTo(DenseIndex.C.size());
        }
        assertThat(DenseIndex.VALUES_MAP).isEqualTo("upf_dldense_v1");
        assertThat(DenseIndex.RANGES_MAP).isEqualTo("upf_dlrange_v1");
    }

    /**
     * The staging entries are ARRAYs of their slot maps' index and size (no allocator: an entry is never another
     * key's), sized at load with them.
     */
    @Test
    void theStagingMapsAreArraysSizedAsTheirSlotMaps() {
        DataplaneConfig config = DataplaneConfig.small(8).withDenseRanges(List.of(DenseRange.parse("198.19.0.0/24")));
        try (Dataplane dp = Dataplane.load(config, null)) {
            for (List<String> pair : List.of(List.of(PdrSet.STAGING_MAP, PdrSet.TEID_MAP),
                    List.of(DenseIndex.STAGING_MAP, DenseIndex.VALUES_MAP))) {
                BpfMap staging = dp.map(pair.get(0));
                BpfMap slots = dp.map(pair.get(1));
                assertThat(staging.type()).as(pair.get(0)).isEqualTo(BpfMapType.ARRAY);
                assertThat(staging.maxEntries()).as(pair.get(0)).isEqualTo(slots.maxEntries());
                assertThat(staging.valueSize()).as(pair.get(0)).isEqualTo(slots.valueSize());
            }
            assertThat(dp.map(PdrSet.STAGING_MAP).maxEntries()).isEqualTo(1 << 8);
        }
        assertThat(PdrSet.STAGING_MAP).isEqualTo("upf_teidstg_v2");
        assertThat(DenseIndex.STAGING_MAP).isEqualTo("upf_dlstg_v2");
    }

    @Test
    void reasonEnumsCoverTheCounterMaps() {
        try (BpfObject obj = BpfObject.openResource(Dataplane.OBJECT)) {
            // The C enums end with a __MAX entry that sizes nothing at run time; the maps must hold every reason.
            assertThat(DropReason.values().length).isLessThanOrEqualTo(32);
            assertThat(CpReason.values().length).isLessThanOrEqualTo(32);
            assertThat(obj.mapNames()).contains(InterfaceCounter.MAP);
            assertThat(obj.programNames()).containsExactlyInAnyOrder("upf_gtpu_in", "upf_n6_in", "upf_n3n6_in");
        }
    }

    @Test
    void theInterfaceCounterMapHasOneElementWithEverySlot() throws IOException {
        // upf_ifstat_v4 holds one struct upf_pkt_stats (key 0): UPF_IFS__MAX slots, the interface counters in the
        // mirror's order, then the forwarded packets per direction and path, so a packet's counters take one lookup.
        try (Dataplane dp = Dataplane.load(DataplaneConfig.small(8), null)) {
            assertThat(dp.map(InterfaceCounter.MAP).maxEntries()).isEqualTo(1);
            assertThat(dp.map(InterfaceCounter.MAP).valueSize()).isEqualTo(InterfaceCounter.C.size());
        }
        // The slots as enum upf_if_stat declares them (the BTF keeps no enum the object does not use by type).
        Map<String, Integer> declared = new HashMap<>();
        Matcher m = Pattern.compile("UPF_IFS_(\\w+) = (\\d+),").matcher(
                Files.readString(Path.of("src/main/bpf/include/upf_if_stats.h")));
        while (m.find()) {
            declared.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        for (InterfaceCounter c : InterfaceCounter.values()) {
            assertThat(declared.get(c.name())).as(c.name()).isEqualTo(c.code());
        }
        assertThat(declared.get("FWD_UL")).isEqualTo(InterfaceCounter.slot(Direction.UPLINK,
                ForwardingPath.GENERIC_WALK));
        assertThat(declared.get("FWD_DL")).isEqualTo(InterfaceCounter.slot(Direction.DOWNLINK,
                ForwardingPath.GENERIC_WALK));
        assertThat(declared.get("_MAX")).isEqualTo(InterfaceCounter.SLOTS);
        assertThat(InterfaceCounter.slot(Direction.DOWNLINK, ForwardingPath.USUAL_FAST)).isEqualTo(InterfaceCounter.SLOTS - 1);
        // enum upf_fwd_path: the bits of a path, how many paths each direction has, the downlink bit.
        Map<String, Integer> paths = new HashMap<>();
        Matcher p = Pattern.compile("UPF_PATH(S|_\\w+) = (\\d+),").matcher(
                Files.readString(Path.of("src/main/bpf/include/upf_if_stats.h")));
        while (p.find()) {
            paths.put(p.group(1), Integer.parseInt(p.group(2)));
        }
        assertThat(paths).isEqualTo(Map.of("_USUAL", ForwardingPath.USUAL_WALK.code(),
                "_FAST", ForwardingPath.GENERIC_FAST.code(), "S", ForwardingPath.values().length,
                "_DL", ForwardingPath.values().length)); // the direction bit: downlink slots follow the uplink ones
        assertThat(InterfaceCounter.MAP).isEqualTo("upf_ifstat_v4");
        assertThat(UpfConfig.MAP).isEqualTo("upf_config_v3");
    }
}
