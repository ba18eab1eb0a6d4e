package org.upf.pfcp.node;

import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import org.upf.pfcp.PfcpHeader;

/**
 * Sequence numbers for requests this node originates: 24 bits (TS 29.244 §7.2.2.1), incremented per
 * request and wrapping from 0xFFFFFF to 1 (0 is never used, so it can never be mistaken for an unset
 * field). §6.4 requires the number to be unique among outstanding requests from the same endpoint, so a
 * number still in use is skipped. With a ledger, numbers are reserved {@link RequestSequences#BLOCK} at a time
 * before the first of them is used, so a restarted node can continue after them ({@link RequestSequences}).
 * Used only on the node's event-loop thread.
 */
final class SequenceAllocator {
    private final IntConsumer ledger;
    private int last;
    /** Numbers after last that the ledger already holds (unbounded without a ledger). */
    private int reserved;

    SequenceAllocator(int start) {
        this(start, null);
    }

    SequenceAllocator(int start, IntConsumer ledger) {
        if (start < 0 || start > PfcpHeader.MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence number is 24 bits: " + start);
        }
        this.last = start;
        this.ledger = ledger;
    }

    /** The next number after the last one for which {@code inUse} is false. */
    int next(IntPredicate inUse) {
        for (int tries = 0; tries < PfcpHeader.MAX_SEQUENCE; tries++) {
            if (ledger != null && reserved == 0) {
                ledger.accept(after(last, RequestSequences.BLOCK)); // durable before any number of the block leaves
                reserved = RequestSequences.BLOCK;
            }
            last = after(last, 1);
            reserved--;
            if (!inUse.test(last)) {
                return last;
            }
        }
        throw new IllegalStateException("all 2^24-1 sequence numbers are outstanding");
    }

    /** n (at least 1) numbers after s in 1..0xFFFFFF, wrapping past 0xFFFFFF to 1. */
    static int after(int s, int n) {
        return (int) ((s - 1L + n) % PfcpHeader.MAX_SEQUENCE) + 1; // s = 0 (nothing used yet): the n-th number
    }
}
