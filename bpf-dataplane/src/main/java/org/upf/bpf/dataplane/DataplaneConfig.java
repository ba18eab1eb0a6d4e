package org.upf.bpf.dataplane;

import java.time.Duration;
import java.util.List;

/**
 * Map sizes and timers of the data path, applied before the BPF object loads (the C source only carries
 * placeholders). Slot 0 of every ARRAY is reserved as "none", so usable slots are size - 1.
 *
 * @param teidSlotBits       the uplink TEID array has 2^bits slots; TEID &amp; (2^bits - 1) is the slot and the
 *                           bits above are a generation
 * @param sessions           session slots (upf_sess_v1, upf_notify_v1)
 * @param pdrs               PDR slots
 * @param fars               FAR slots
 * @param qers               QER slots (upf_qer_v1 and upf_meter_v1)
 * @param urrs               URR slots (per-CPU)
 * @param ueIpv4             downlink exact IPv4 keys (upf_dl4_v4, each naming its UE slot)
 * @param ueIpv6             downlink exact IPv6 keys (upf_dl6_v4)
 * @param ueIpv6Prefixes     downlink IPv6 prefix keys (upf_dl6p_v4)
 * @param eventRingBytes     control-path ring size, a power of two multiple of the page size
 * @param notifyInterval     at most one BUFF/NOCP notification per session per interval
 * @param nextHopTtl         how long a CPU forwards with a cached FIB result (upf_nexthop_v2) before it asks the
 *                           FIB again: the longest a route or neighbour change goes unnoticed (unless
 *                           {@link Dataplane#flushNextHops()} is called); zero looks up every packet. Whole ms.
 * @param denseRanges        UE address ranges of the dense downlink index ({@link DenseIndex}): at most
 *                           {@link DenseIndex#MAX_RANGES} per family, none overlapping, {@link #MAX_DENSE_SLOTS} slots
 *                           in all; UE addresses inside them are found by arithmetic, the others by hash as before
 * @param denseSlots         size of upf_dldense_v1 (slot 0 included): every UE's value has a slot there, the dense
 *                           ranges' UEs by arithmetic, the others (found by hash or trie) one handed out from the
 *                           slots after the ranges' ({@link UeSlots}), so this bounds dense and hashed UEs together.
 *                           Fixed by the operator rather than derived from the ranges: a pinned map keeps its size,
 *                           so ranges (UE pools) can change across restarts while sessions stay; the ranges must
 *                           fit in it
 */
public record DataplaneConfig(int teidSlotBits, int sessions, int pdrs, int fars, int qers, int urrs, int ueIpv4,
                              int ueIpv6, int ueIpv6Prefixes, int eventRingBytes, Duration notifyInterval,
                              Duration nextHopTtl, List<DenseRange> denseRanges, int denseSlots) {
    private static final int MILLION = 1 << 20;
    /** The default {@link #nextHopTtl}. */
    public static final Duration NEXT_HOP_TTL = Duration.ofSeconds(1);
    /**
     * Slots of upf_dldense_v1 at most (slot 0 included): 104 octets each and as many in its staging ARRAY
     * upf_dlstg_v2, preallocated, so 3.3 GiB at most.
     */
    public static final int MAX_DENSE_SLOTS = 1 << 24;

    public DataplaneConfig {
        if (teidSlotBits < 1 || teidSlotBits > 30) {
            throw new IllegalArgumentException("teidSlotBits must be in 1..30, got " + teidSlotBits);
        }
        positive("sessions", sessions);
        positive("pdrs", pdrs);
        positive("fars", fars);
        positive("qers", qers);
        positive("urrs", urrs);
        positive("ueIpv4", ueIpv4);
        positive("ueIpv6", ueIpv6);
        positive("ueIpv6Prefixes", ueIpv6Prefixes);
        if (Integer.bitCount(eventRingBytes) != 1 || eventRingBytes < 4096) {
            throw new IllegalArgumentException("eventRingBytes must be a power of two >= 4096, got " + eventRingBytes);
        }
        if (notifyInterval.isNegative()) {
            throw new IllegalArgumentException("notifyInterval must not be negative");
        }
        if (nextHopTtl.isNegative() || nextHopTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("nextHopTtl must be in 0..1h, got " + nextHopTtl);
        }
        denseRanges = List.copyOf(denseRanges);
        checkDense(denseRanges, denseSlots);
    }

    /** With the default {@link #NEXT_HOP_TTL} and no dense ranges. */
    public DataplaneConfig(int teidSlotBits, int sessions, int pdrs, int fars, int qers, int urrs, int ueIpv4,
                           int ueIpv6, int ueIpv6Prefixes, int eventRingBytes, Duration notifyInterval,
                           Duration nextHopTtl) {
        this(teidSlotBits, sessions, pdrs, fars, qers, urrs, ueIpv4, ueIpv6, ueIpv6Prefixes, eventRingBytes,
                notifyInterval, nextHopTtl, List.of(), hashedSlots(ueIpv4, ueIpv6, ueIpv6Prefixes));
    }

    /**
     * The UE slots of a configuration without dense ranges: slot 0 and as many as the largest UE-address map holds
     * keys (each key needs a slot; one per session of the usual single-stack or /64-only session), at most
     * {@link #MAX_DENSE_SLOTS}.
     */
    private static int hashedSlots(int ueIpv4, int ueIpv6, int ueIpv6Prefixes) {
        return (int) Math.min(MAX_DENSE_SLOTS, 1L + Math.max(ueIpv4, Math.max(ueIpv6, ueIpv6Prefixes)));
    }

    /** With the default {@link #NEXT_HOP_TTL}, no dense ranges. */
    public DataplaneConfig(int teidSlotBits, int sessions, int pdrs, int fars, int qers, int urrs, int ueIpv4,
                           int ueIpv6, int ueIpv6Prefixes, int eventRingBytes, Duration notifyInterval) {
        this(teidSlotBits, sessions, pdrs, fars, qers, urrs, ueIpv4, ueIpv6, ueIpv6Prefixes, eventRingBytes,
                notifyInterval, NEXT_HOP_TTL);
    }

    /** This configuration with another {@link #nextHopTtl}. */
    public DataplaneConfig withNextHopTtl(Duration ttl) {
        return new DataplaneConfig(teidSlotBits, sessions, pdrs, fars, qers, urrs, ueIpv4, ueIpv6, ueIpv6Prefixes,
                eventRingBytes, notifyInterval, ttl, denseRanges, denseSlots);
    }

    /**
     * This configuration with other {@link #denseRanges}, and {@link #denseSlots} grown by what they need: the slots
     * this configuration has for UEs found by hash or trie stay theirs (at most {@link #MAX_DENSE_SLOTS} in all).
     */
    public DataplaneConfig withDenseRanges(List<DenseRange> ranges) {
        long hashed = denseSlots - denseIndex().slots();
        return withDenseRanges(ranges, (int) Math.min(MAX_DENSE_SLOTS,
                1 + hashed + ranges.stream().mapToLong(DenseRange::slots).sum()));
    }

    /** This configuration with other {@link #denseRanges} in a upf_dldense_v1 of slots slots. */
    public DataplaneConfig withDenseRanges(List<DenseRange> ranges, int slots) {
        return new DataplaneConfig(teidSlotBits, sessions, pdrs, fars, qers, urrs, ueIpv4, ueIpv6, ueIpv6Prefixes,
                eventRingBytes, notifyInterval, nextHopTtl, ranges, slots);
    }

    /** Where the dense ranges put UE addresses; {@link DenseIndex#slots()} sizes upf_dldense_v1. */
    public DenseIndex denseIndex() {
        return new DenseIndex(denseRanges);
    }

    /** Sized for 1M sessions: one TEID and one UE address each, two PDRs/FARs/QERs/URRs per session. */
    public static DataplaneConfig defaults() {
        return new DataplaneConfig(20, MILLION, 2 * MILLION, 2 * MILLION, 2 * MILLION, 2 * MILLION, MILLION,
                MILLION, MILLION, 4 * MILLION, Duration.ofSeconds(1));
    }

    /** A small data path for tests: 2^bits of everything. */
    public static DataplaneConfig small(int bits) {
        int n = 1 << bits;
        return new DataplaneConfig(bits, n, n, n, n, n, n, n, n, 64 * 1024, Duration.ofMillis(500));
    }

    public int teidSlots() {
        return 1 << teidSlotBits;
    }

    /**
     * The local TEID for a slot and a generation: generation in the bits above the slot, so reusing a slot with
     * the next generation makes the old TEID miss. The TEID must not be 0 (TS 29.281 §5.1).
     */
    public int teid(int slot, int generation) {
        if (slot <= 0 || slot >= teidSlots()) {
            throw new IllegalArgumentException("TEID slot " + slot + " not in 1.." + (teidSlots() - 1));
        }
        if (generation < 0 || (teidSlotBits < 31 && generation >= 1L << (32 - teidSlotBits))) {
            throw new IllegalArgumentException("generation " + generation + " needs more than "
                    + (32 - teidSlotBits) + " bits");
        }
        return generation << teidSlotBits | slot;
    }

    private static void checkDense(List<DenseRange> ranges, int denseSlots) {
        if (denseSlots < 1 || denseSlots > MAX_DENSE_SLOTS) {
            throw new IllegalArgumentException("denseSlots must be in 1.." + MAX_DENSE_SLOTS + ", got " + denseSlots);
        }
        long slots = 1;
        for (int i = 0; i < ranges.size(); i++) {
            DenseRange r = ranges.get(i);
            for (int j = 0; j < i; j++) {
                if (r.overlaps(ranges.get(j))) {
                    throw new IllegalArgumentException("dense range " + r + " overlaps dense range " + ranges.get(j));
                }
            }
            if (ranges.subList(0, i + 1).stream().filter(o -> o.ipv4() == r.ipv4()).count() > DenseIndex.MAX_RANGES) {
                throw new IllegalArgumentException("dense range " + r + ": more than " + DenseIndex.MAX_RANGES
                        + " IPv" + (r.ipv4() ? 4 : 6) + " ranges");
            }
            slots += r.slots();
            if (slots > denseSlots) {
                throw new IllegalArgumentException("dense range " + r + ": the dense ranges need " + slots
                        + " slots or more, at most " + denseSlots + " fit (use longer prefixes)");
            }
        }
    }

    private static void positive(String name, int value) {
        if (value < 2) {
            throw new IllegalArgumentException(name + " must be >= 2 (slot 0 is reserved), got " + value);
        }
    }
}
