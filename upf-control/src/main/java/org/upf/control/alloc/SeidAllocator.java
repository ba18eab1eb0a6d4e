package org.upf.control.alloc;

import java.util.concurrent.ThreadLocalRandom;
import org.upf.pfcp.PfcpCause;

/**
 * Local SEIDs for the UP F-SEID (TS 29.244 §5.6.2: the UP function allocates its SEID, unique within the node).
 * Random non-zero 64-bit values, so SEIDs of a restarted agent do not collide with stale ones an SMF may still
 * send; uniqueness is checked against the live set. SEID 0 is never used: it addresses "no session" in the
 * header of answers to unknown sessions (§7.2.2.4.2).
 */
public final class SeidAllocator {
    private final int max;
    private final LongMap<Boolean> live = new LongMap<>();

    /** At most max SEIDs at once (the data path's session slots bound it anyway). */
    public SeidAllocator(int max) {
        this.max = max;
    }

    private AllocationLog log;

    /** Records / replays the SEIDs this allocator chooses in log (see {@link AllocationLog}). */
    public void logTo(AllocationLog log) {
        this.log = log;
    }

    public long allocate() {
        if (log != null && log.replaying()) {
            long seid = log.next("SEID");
            if (seid == 0 || live.put(seid, Boolean.TRUE) != null) {
                throw new IllegalStateException("journal replay: SEID " + Long.toUnsignedString(seid) + " in use");
            }
            return seid;
        }
        if (live.size() >= max) {
            throw new AllocationException(PfcpCause.NO_RESOURCES_AVAILABLE, "all " + max + " SEIDs are in use");
        }
        long seid;
        do {
            seid = ThreadLocalRandom.current().nextLong();
        } while (seid == 0 || live.put(seid, Boolean.TRUE) != null);
        if (log != null) {
            log.noted(seid);
        }
        return seid;
    }

    public void release(long seid) {
        if (live.remove(seid) == null) {
            throw new IllegalStateException("SEID " + Long.toUnsignedString(seid) + " is not allocated");
        }
    }

    public int inUse() {
        return live.size();
    }
}
