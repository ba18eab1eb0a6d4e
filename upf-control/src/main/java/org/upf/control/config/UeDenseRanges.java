package org.upf.control.config;

import java.util.ArrayList;
import java.util.List;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.bpf.dataplane.DenseIndex;
import org.upf.bpf.dataplane.DenseRange;
import org.upf.control.alloc.Cidr;

/**
 * The dense downlink ranges of the data path ({@link DataplaneConfig#denseRanges()}): the ranges given with
 * {@code maps.ueDenseRanges} (e.g. an SMF's own UE pools), then every UE pool ({@code ue.pools}) that fits the slots
 * left of {@code maps.ueDenseSlots}: an IPv4 pool one slot per address, an IPv6 pool with {@code ipv6PrefixLength} 64
 * one slot per /64 (TS 23.501 §5.8.2.2.2). A pool larger than the slots left is capped to its first prefix that fits
 * (a pool hands out its lowest addresses first), the rest of its UEs are found by hash; a pool with other UE prefix
 * lengths, beyond {@link DenseIndex#MAX_RANGES} of its family, or overlapping an earlier range is found by hash (or
 * trie) too, with a warning. A UE found by hash or trie takes one of the slots the ranges leave (docs/dataplane.md, "UE
 * slots of the hashes and the trie"), so those UEs are forwarded only while such slots are left: a configuration whose
 * ranges leave none stops start-up ({@link #requireHashedSlots}).
 */
final class UeDenseRanges {
    private static final System.Logger LOG = System.getLogger(UeDenseRanges.class.getName());

    private UeDenseRanges() {
    }

    static List<DenseRange> of(List<DenseRange> explicit, List<UePoolConfig> pools, int slots) {
        List<DenseRange> out = new ArrayList<>(explicit);
        long left = slots - 1L - explicit.stream().mapToLong(DenseRange::slots).sum();
        if (left < 0) {
            throw new IllegalArgumentException("the ranges " + explicit + " need " + (slots - left) + " slots,"
                    + " maps.ueDenseSlots allows " + slots);
        }
        for (UePoolConfig p : pools == null ? List.<UePoolConfig>of() : pools) {
            if (p.ipv4() != null) {
                left -= add(out, p.ipv4(), 32, left, "ipv4");
            }
            if (p.ipv6() != null && p.ipv6PrefixLength() == 64) {
                left -= add(out, p.ipv6(), 64, left, "ipv6");
            } else if (p.ipv6() != null) {
                LOG.log(System.Logger.Level.INFO, "UE pool {0}: /{1} per UE, not /64: its UEs keep the IPv6 prefix"
                        + " trie", p.ipv6(), p.ipv6PrefixLength());
            }
        }
        return out;
    }

    /**
     * Stops start-up (naming maps.ueDenseSlots) when dp's dense ranges take every slot: then no UE outside them (an
     * SMF's own address, an exact IPv6 address, a pool or part of one that is not dense) could be installed, each
     * refused with cause 75 at run time. One slot left is enough to start; how many are left is logged at start.
     */
    static void requireHashedSlots(DataplaneConfig dp) {
        if (dp.denseSlots() - dp.denseIndex().slots() <= 0) {
            throw new ConfigException(ConfigKey.MAPS_UE_DENSE_SLOTS.key(), dp.denseSlots() + ": the dense ranges "
                    + dp.denseRanges() + " leave no slot for the UEs found by hash or trie (slot 0 is reserved), so"
                    + " every UE address outside them would be refused; raise maps.ueDenseSlots (the default 1048576"
                    + " leaves 917,503 after a /16 and a /48 of /64s)");
        }
    }

    /** Adds the longest-fitting front of pool (bits: 32, or 64 for /64 slots); returns the slots it takes. */
    private static long add(List<DenseRange> out, Cidr pool, int bits, long left, String family) {
        boolean v4 = bits == 32;
        int shortest = v4 ? 8 : 32;
        int fits = left < 1 ? bits + 1 : bits - (63 - Long.numberOfLeadingZeros(left));
        int length = Math.max(Math.max(pool.length(), fits), shortest);
        if (length > bits) {
            LOG.log(System.Logger.Level.WARNING, "UE pool {0}: no dense slots left (maps.ueDenseSlots): its UEs are"
                    + " found by hash or trie, in the slots the dense ranges leave", pool);
            return 0;
        }
        DenseRange r = new DenseRange(pool.address(), length);
        String skip = out.stream().filter(r::overlaps).findFirst().map(o -> "it overlaps dense range " + o)
                .orElse(out.stream().filter(o -> o.ipv4() == v4).count() >= DenseIndex.MAX_RANGES
                        ? DenseIndex.MAX_RANGES + " " + family + " ranges are dense already" : null);
        if (skip != null) {
            LOG.log(System.Logger.Level.WARNING, "UE pool {0}: {1}: its UEs are found by hash or trie, in the slots"
                    + " the dense ranges leave", pool, skip);
            return 0;
        }
        if (length > pool.length()) {
            LOG.log(System.Logger.Level.WARNING, "UE pool {0} is larger than the dense slots left (maps.ueDenseSlots):"
                    + " {1} is dense, its other UEs are found by hash or trie, in the slots the dense ranges leave",
                    pool, r);
        }
        out.add(r);
        return r.slots();
    }
}
