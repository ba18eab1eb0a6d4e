package org.upf.pfcp.node;

import java.util.function.IntPredicate;
import org.upf.pfcp.PfcpHeader;

/**
 * Sequence numbers for requests this node originates: 24 bits (TS 29.244 §7.2.2.1), incremented per
 * request and wrapping from 0xFFFFFF to 1 (0 is never used, so it can never be mistaken for an unset
 * field). §6.4 requires the number to be unique among outstanding requests from the same endpoint, so a
 * number still in use is skipped. Used only on the node's event-loop thread.
 */
final class SequenceAllocator {
    private int last;

    SequenceAllocator(int start) {
        if (start < 0 || start > PfcpHeader.MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence number is 24 bits: " + start);
        }
        this.last = start;
    }

    /** The next number after the last one for which {@code inUse} is false. */
    int next(IntPredicate inUse) {
        for (int tries = 0; tries < PfcpHeader.MAX_SEQUENCE; tries++) {
            last = last >= PfcpHeader.MAX_SEQUENCE ? 1 : last + 1;
            if (!inUse.test(last)) {
                return last;
            }
        }
        throw new IllegalStateException("all 2^24-1 sequence numbers are outstanding");
    }
}
