package org.upf.control.session;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One bit per data-path slot of a kind, set and cleared from any thread. Sized by the slot count, so it costs no
 * heap per session (a FAR's "Downlink Data Report sent" mark is one bit of its FAR slot).
 */
final class SlotMarks {
    private final AtomicLongArray bits;

    SlotMarks(int slots) {
        bits = new AtomicLongArray((slots + 63) >>> 6);
    }

    /** Sets slot's bit; returns whether it was clear. */
    boolean mark(int slot) {
        long bit = 1L << slot;
        int word = slot >>> 6;
        long old;
        do {
            old = bits.get(word);
            if ((old & bit) != 0) {
                return false;
            }
        } while (!bits.compareAndSet(word, old, old | bit));
        return true;
    }

    void clear(int slot) {
        long bit = 1L << slot;
        int word = slot >>> 6;
        long old;
        do {
            old = bits.get(word);
        } while ((old & bit) != 0 && !bits.compareAndSet(word, old, old & ~bit));
    }
}
