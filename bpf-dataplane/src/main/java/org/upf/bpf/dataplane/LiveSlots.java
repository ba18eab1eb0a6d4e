package org.upf.bpf.dataplane;

import java.util.concurrent.atomic.AtomicLongArray;
import org.upf.bpf.BpfMap;

/**
 * Which slots of {@link DenseIndex#VALUES_MAP} may hold {@link DenseIndex#LIVE}: the {@link Dataplane} writes every
 * slot, so it knows without asking the kernel, and an install of a new UE address on a slot known not live writes
 * it without a lookup (about a microsecond per new UE address on the PFCP event loop, issue 5). Conservative: a slot
 * is marked when a write with LIVE is queued and unmarked when the write clearing it is done, so a marked slot may in
 * fact not be live (the caller then looks it up, as for every slot before this class), never the other way round.
 * A load on pinned maps reads the array once ({@link #read}). Lock-free: one bit per slot in an
 * {@link AtomicLongArray}.
 */
final class LiveSlots {
    private final AtomicLongArray bits;

    LiveSlots(int slots) {
        bits = new AtomicLongArray((slots + 63) >>> 6);
    }

    /** The live slots of a pinned upf_dldense_v1, read with BPF_MAP_LOOKUP_BATCH (4096 slots per syscall). */
    static LiveSlots read(BpfMap values) {
        LiveSlots live = new LiveSlots(values.maxEntries());
        ArrayScan.forEach(values, (slot, v, at) -> {
            if ((v.get(at) & DenseIndex.LIVE) != 0) {
                live.mark(slot);
            }
        });
        return live;
    }

    /** Whether slot may hold LIVE. */
    boolean mayBeLive(int slot) {
        return (bits.get(slot >>> 6) & 1L << slot) != 0;
    }

    /** A write setting LIVE on slot is queued. */
    void mark(int slot) {
        bits.getAndAccumulate(slot >>> 6, 1L << slot, (a, b) -> a | b);
    }

    /** The write clearing LIVE on slot is done. */
    void unmark(int slot) {
        bits.getAndAccumulate(slot >>> 6, ~(1L << slot), (a, b) -> a & b);
    }

    /** Whether any slot may be live. */
    boolean any() {
        for (int i = 0; i < bits.length(); i++) {
            if (bits.get(i) != 0) {
                return true;
            }
        }
        return false;
    }
}
