package org.upf.control.alloc;

import java.util.BitSet;
import org.upf.pfcp.PfcpCause;

/**
 * Dense slots 1..size-1 of one data-path ARRAY map (slot 0 means "none" in the maps, see DataplaneConfig).
 * Freed slots are reused lowest first, which keeps the used part of the arrays compact. Not thread-safe: the
 * agent allocates on the PFCP event loop.
 */
public final class SlotAllocator {
    private final String what;
    private final int size;
    private final BitSet used;
    /** Every slot below this one is in use: the search for a free slot starts here, not at 1 (O(1), not O(n)). */
    private int lowestFree = 1;
    private int inUse;

    /** what names the pool in error messages, e.g. "FAR". */
    public SlotAllocator(String what, int size) {
        if (size < 2) {
            throw new IllegalArgumentException(what + " pool needs at least 2 slots (slot 0 is reserved), got " + size);
        }
        this.what = what;
        this.size = size;
        this.used = new BitSet(size);
        used.set(0);
    }

    private AllocationLog log;

    /** Records / replays this pool's allocations in log (see {@link AllocationLog}). */
    public void logTo(AllocationLog log) {
        this.log = log;
    }

    /** A free slot; fails with cause No resources available (75) when all are taken. */
    public int allocate() {
        if (log != null && log.replaying()) {
            int slot = (int) log.next(what);
            if (!take(slot)) {
                throw new IllegalStateException("journal replay: " + what + " slot " + slot + " is not free");
            }
            return slot;
        }
        int slot = used.nextClearBit(lowestFree);
        if (slot >= size) {
            throw new AllocationException(PfcpCause.NO_RESOURCES_AVAILABLE,
                    "all " + (size - 1) + " " + what + " slots are in use");
        }
        used.set(slot);
        lowestFree = slot + 1;
        inUse++;
        if (log != null) {
            log.noted(slot);
        }
        return slot;
    }

    /** Takes a given slot if it is free; false if it is in use or out of range. */
    public boolean take(int slot) {
        if (slot <= 0 || slot >= size || used.get(slot)) {
            return false;
        }
        used.set(slot);
        inUse++;
        return true;
    }

    public void release(int slot) {
        if (slot <= 0 || slot >= size || !used.get(slot)) {
            throw new IllegalStateException(what + " slot " + slot + " is not allocated");
        }
        used.clear(slot);
        lowestFree = Math.min(lowestFree, slot);
        inUse--;
    }

    public int inUse() {
        return inUse;
    }

    /** Usable slots (size - 1). */
    public int capacity() {
        return size - 1;
    }
}
