package org.upf.control.alloc;

/**
 * Local TEIDs for F-TEID CHOOSE (TS 29.244 §5.5.3), shaped by the data path's dense TEID index: the uplink
 * array has 2^slotBits slots and the data path looks a TEID up at {@code TEID & (2^slotBits - 1)}, checking the
 * full TEID stored there. So a TEID is {@code generation << slotBits | slot}: the slot comes from a
 * {@link SlotAllocator}, and the generation grows each time a slot is reused, so a stale TEID still used by a
 * gNB after release does not hit the slot's next owner. TEID 0 is never handed out (TS 29.281 §5.1: slot 0 is
 * reserved).
 */
public final class TeidAllocator {
    private final int slotBits;
    private final int generationMask;
    private final SlotAllocator slots;
    private final int[] generation;

    public TeidAllocator(int slotBits) {
        if (slotBits < 1 || slotBits > 30) {
            throw new IllegalArgumentException("TEID slot bits must be in 1..30, got " + slotBits);
        }
        this.slotBits = slotBits;
        this.generationMask = (int) ((1L << (32 - slotBits)) - 1);
        this.slots = new SlotAllocator("TEID", 1 << slotBits);
        this.generation = new int[1 << slotBits];
    }

    private AllocationLog log;

    /** Records / replays the TEIDs this allocator chooses in log (see {@link AllocationLog}). */
    public void logTo(AllocationLog log) {
        this.log = log;
    }

    /** A fresh TEID; fails with No resources available when every slot is taken. */
    public int allocate() {
        if (log != null && log.replaying()) {
            int teid = (int) log.next("TEID");
            reserve(teid);
            return teid;
        }
        int slot = slots.allocate();
        int teid = (generation[slot] << slotBits) | slot;
        if (log != null) {
            log.noted(teid & 0xffffffffL);
        }
        return teid;
    }

    /**
     * Takes a TEID the SMF chose itself (F-TEID with CH=0); fails with No resources available if its slot is taken.
     */
    public void reserve(int teid) {
        int slot = slot(teid);
        if (slot == 0 || !slots.take(slot)) {
            throw new AllocationException(org.upf.pfcp.PfcpCause.NO_RESOURCES_AVAILABLE, "TEID 0x"
                    + Integer.toHexString(teid) + " is not available (its slot is reserved or in use)");
        }
        generation[slot] = (teid >>> slotBits) & generationMask;
    }

    public void release(int teid) {
        int slot = slot(teid);
        slots.release(slot);
        generation[slot] = (generation[slot] + 1) & generationMask;
    }

    /** The data-path slot of a TEID. */
    public int slot(int teid) {
        return teid & ((1 << slotBits) - 1);
    }

    public int inUse() {
        return slots.inUse();
    }
}
