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
 * (a pool hands out its lowest addresses first), the rest of it keeps the UE-address hashes; a pool with other UE
 * prefix lengths, beyond {@link DenseIndex#MAX_RANGES} of its family, or overlapping an earlier range keeps the hashes
 * too, with a warning. Every UE address is forwarded either way; only the lookup differs.
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

    /** Adds the longest-fitting front of pool (bits: 32, or 64 for /64 slots); returns the slots it takes. */
    private static long add(List<DenseRange> out, Cidr pool, int bits, long left, String family) {
        boolean v4 = bits == 32;
        int shortest = v4 ? 8 : 32;
        int fits = left < 1 ? bits + 1 : bits - (63 - Long.numberOfLeadingZeros(left));
        int length = Math.max(Math.max(pool.length(), fits), shortest);
        if (length > bits) {
            LOG.log(System.Logger.Level.WARNING, "UE pool {0}: no dense slots left (maps.ueDenseSlots): its UEs keep"
                    + " the UE-address hashes", pool);
            return 0;
        }
        DenseRange r = new DenseRange(pool.address(), length);
        String skip = out.stream().filter(r::overlaps).findFirst().map(o -> "it overlaps dense range " + o)
                .orElse(out.stream().filter(o -> o.ipv4() == v4).count() >= DenseIndex.MAX_RANGES
                        ? DenseIndex.MAX_RANGES + " " + family + " ranges are dense already" : null);
        if (skip != null) {
            LOG.log(System.Logger.Level.WARNING, "UE pool {0}: {1}: its UEs keep the UE-address hashes", pool, skip);
            return 0;
        }
        if (length > pool.length()) {
            LOG.log(System.Logger.Level.WARNING, "UE pool {0} is larger than the dense slots left (maps.ueDenseSlots):"
                    + " {1} is dense, its other UEs keep the UE-address hashes", pool, r);
        }
        out.add(r);
        return r.slots();
    }
}
