package org.upf.bpf.dataplane;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dense downlink index: mirror of struct upf_dense_ranges ({@link #RANGES_MAP}[0]) and where a UE address of a
 * {@link SessionRules} goes in {@link #VALUES_MAP}. Each {@link DenseRange} owns {@link DenseRange#slots()} consecutive
 * slots from its base (the first range from slot 1; slot 0 is "none"): an IPv4 address its own, an IPv6 /64 the slot
 * of its /64. Everything else (addresses outside every range, IPv6 keys other than /64, a /64 whose session has a
 * longer key inside it) stays in the UE-address hashes and the LPM trie. A slot holds a {@link UeSet}, the same value the
 * hashes hold, with {@link #LIVE} in its flags octet once it is whole (docs/dataplane.md, "Dense downlink index").
 */
public final class DenseIndex {
    public static final int LAYOUT_VERSION = 1;
    public static final String RANGES_MAP = "upf_dlrange_v" + LAYOUT_VERSION;
    public static final String VALUES_MAP = "upf_dldense_v" + LAYOUT_VERSION;
    /** Layout version of {@link #STAGING_MAP} (v1: a hash by slot). */
    public static final int STAGING_LAYOUT_VERSION = 2;
    /**
     * The slots' staging entries: slot -> {@link UeSet}, gated by their own {@link #LIVE}; read by the program while
     * the slot's {@link #LIVE} is clear ({@link Dataplane#modify}).
     */
    public static final String STAGING_MAP = "upf_dlstg_v" + STAGING_LAYOUT_VERSION;
    /** UPF_DENSE_RANGES: ranges per family. */
    public static final int MAX_RANGES = 8;
    /** UPF_UE_LIVE, in the flags octet of the value's fast entry (its first octet). */
    public static final int LIVE = 1 << 4;
    public static final CStruct RANGE = CStruct.of("upf_dense_range", 24)
            .member("prefix", 0, 8)
            .member("mask", 8, 8)
            .member("base", 16, 4)
            .member("_pad", 20, 4);
    public static final CStruct C = CStruct.of("upf_dense_ranges", 8 + 2 * MAX_RANGES * RANGE.size())
            .member("ipv4", 0, 4)
            .member("ipv6", 4, 4)
            .member("v4", 8, MAX_RANGES * RANGE.size())
            .member("v6", 8 + MAX_RANGES * RANGE.size(), MAX_RANGES * RANGE.size());
    /** No dense ranges: every UE address in the hashes. */
    public static final DenseIndex NONE = new DenseIndex(List.of());

    private final List<DenseRange> ranges;
    private final int[] bases;
    private final int slots;
    /** Per range, what {@link #slot} compares: no allocation per lookup (issue 5: bytes per establishment). */
    private final long[] prefixes;
    private final long[] masks;
    private final boolean[] ipv4;

    /** Receives a dense slot and its value. */
    @FunctionalInterface
    interface SlotVisitor {
        void visit(int slot, UeSet value);
    }

    /** Bases from slot 1: the IPv4 ranges in their order, then the IPv6 ones (as {@link #read} lists them). */
    DenseIndex(List<DenseRange> ranges) {
        this(byFamily(ranges), bases(byFamily(ranges)));
    }

    private static List<DenseRange> byFamily(List<DenseRange> ranges) {
        List<DenseRange> out = new ArrayList<>(ranges.stream().filter(DenseRange::ipv4).toList());
        out.addAll(ranges.stream().filter(r -> !r.ipv4()).toList());
        return out;
    }

    private DenseIndex(List<DenseRange> ranges, int[] bases) {
        this.ranges = List.copyOf(ranges);
        this.bases = bases;
        long end = 1;
        for (int i = 0; i < bases.length; i++) {
            end = Math.max(end, bases[i] + ranges.get(i).slots());
        }
        this.slots = (int) end;
        prefixes = new long[bases.length];
        masks = new long[bases.length];
        ipv4 = new boolean[bases.length];
        for (int i = 0; i < bases.length; i++) {
            prefixes[i] = DenseRange.key(ranges.get(i).prefix().getAddress());
            masks[i] = ranges.get(i).mask();
            ipv4[i] = ranges.get(i).ipv4();
        }
    }

    private static int[] bases(List<DenseRange> ranges) {
        int[] b = new int[ranges.size()];
        long next = 1;
        for (int i = 0; i < b.length; i++) {
            b[i] = (int) next;
            next += ranges.get(i).slots();
        }
        return b;
    }

    public List<DenseRange> ranges() {
        return ranges;
    }

    /** Size of {@link #VALUES_MAP}: slot 0 and every range's slots. */
    public int slots() {
        return slots;
    }

    /** The slot of a UE IPv4 address, 0 if it is in no range. */
    public int slot(Inet4Address ue) {
        return slot(ue.getAddress(), true);
    }

    /**
     * The slot of a UE IPv6 /64, 0 if in no range or not a /64: a longer key (an exact address, a /96) keeps the hash
     * or the trie, so keys of different sessions in one /64 never share a slot.
     */
    public int slot(Inet6Address ue, int length) {
        return length != 64 ? 0 : slot(ue.getAddress(), false);
    }

    /**
     * The slot a /64 of s takes, 0 if it keeps the trie: outside every range, or s also has a longer key inside it (the
     * array is read first, so the /64 there would hide that key; in the trie, the longest prefix wins as in hash mode).
     */
    int slot(SessionRules s, SessionRules.Ipv6Prefix p) {
        if (p.length() != 64) {
            return 0;
        }
        long key = DenseRange.key(p.prefix().getAddress());
        int slot = slot(key, false);
        if (slot == 0) {
            return 0;
        }
        RuleTable<Inet6Address, List<Integer>> exact = s.downlinkIpv6Table();
        for (int i = 0; i < exact.size(); i++) {
            if (DenseRange.key(exact.keyAt(i).getAddress()) == key) {
                return 0;
            }
        }
        RuleTable<SessionRules.Ipv6Prefix, List<Integer>> prefixes = s.downlinkIpv6PrefixTable();
        for (int i = 0; i < prefixes.size(); i++) {
            SessionRules.Ipv6Prefix q = prefixes.keyAt(i);
            if (q.length() > 64 && DenseRange.key(q.prefix().getAddress()) == key) {
                return 0;
            }
        }
        return slot;
    }

    private int slot(byte[] address, boolean v4) {
        return slot(DenseRange.key(address), v4);
    }

    /** The slot of a {@link DenseRange#key}, 0 if it is in no range of the family. */
    private int slot(long key, boolean v4) {
        for (int i = 0; i < bases.length; i++) {
            if (ipv4[i] == v4 && (key & masks[i]) == prefixes[i]) {
                return bases[i] + (int) (key & ~masks[i]);
            }
        }
        return 0;
    }

    /** The dense slots of s's downlink keys (IPv4 addresses, IPv6 /64s: one key per slot) and their values. */
    Map<Integer, UeSet> values(SessionRules s) {
        if (ranges.isEmpty()) {
            return Map.of();
        }
        Map<Integer, UeSet> out = new LinkedHashMap<>();
        forEach(s, out::put);
        return out;
    }

    /** {@link #values} one by one, without collecting them. */
    void forEach(SessionRules s, SlotVisitor visitor) {
        if (ranges.isEmpty()) {
            return;
        }
        RuleTable<Inet4Address, List<Integer>> v4 = s.downlinkIpv4Table();
        for (int i = 0; i < v4.size(); i++) {
            visit(visitor, slot(v4.keyAt(i)), s, v4.valueAt(i));
        }
        RuleTable<SessionRules.Ipv6Prefix, List<Integer>> prefixes = s.downlinkIpv6PrefixTable();
        for (int i = 0; i < prefixes.size(); i++) {
            visit(visitor, slot(s, prefixes.keyAt(i)), s, prefixes.valueAt(i));
        }
    }

    private static void visit(SlotVisitor visitor, int slot, SessionRules s, List<Integer> pdrs) {
        if (slot != 0) {
            visitor.visit(slot, UeSet.of(s, pdrs));
        }
    }

    /** Writes struct upf_dense_ranges. */
    void write(ByteBuffer buf, int at) {
        int n4 = 0;
        int n6 = 0;
        for (int i = 0; i < bases.length; i++) {
            DenseRange r = ranges.get(i);
            int family = r.ipv4() ? C.offset("v4") : C.offset("v6");
            int e = at + family + RANGE.size() * (r.ipv4() ? n4++ : n6++);
            buf.putLong(e + RANGE.offset("prefix"), DenseRange.key(r.prefix().getAddress()));
            buf.putLong(e + RANGE.offset("mask"), r.mask());
            buf.putInt(e + RANGE.offset("base"), bases[i]);
            buf.putInt(e + RANGE.offset("_pad"), 0);
        }
        buf.putInt(at + C.offset("ipv4"), n4);
        buf.putInt(at + C.offset("ipv6"), n6);
    }

    /** The index a struct upf_dense_ranges describes (e.g. the one pinned by an earlier run). */
    static DenseIndex read(ByteBuffer buf, int at) {
        List<DenseRange> ranges = new ArrayList<>();
        List<Integer> bases = new ArrayList<>();
        for (boolean v4 : new boolean[] {true, false}) {
            int n = Math.min(MAX_RANGES, buf.getInt(at + C.offset(v4 ? "ipv4" : "ipv6")));
            for (int i = 0; i < n; i++) {
                int e = at + C.offset(v4 ? "v4" : "v6") + RANGE.size() * i;
                long prefix = buf.getLong(e + RANGE.offset("prefix"));
                int length = Long.bitCount(buf.getLong(e + RANGE.offset("mask")));
                ranges.add(new DenseRange(address(prefix, v4), length));
                bases.add(buf.getInt(e + RANGE.offset("base")));
            }
        }
        return new DenseIndex(ranges, bases.stream().mapToInt(Integer::intValue).toArray());
    }

    private static InetAddress address(long key, boolean v4) {
        byte[] b = new byte[v4 ? 4 : 16];
        int n = v4 ? 4 : 8;
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (key >>> (8 * (n - 1 - i)));
        }
        return v4 ? Addresses.ipv4(b) : Addresses.ipv6(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseIndex d && d.ranges.equals(ranges) && Arrays.equals(d.bases, bases);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode() * 31 + Arrays.hashCode(bases);
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
