package org.upf.pfcp.node;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import org.upf.pfcp.PfcpHeader;

/**
 * Where a node's own request sequence numbers start and who keeps how far they went. TS 29.244 §6.4: a peer keeps
 * the responses it sent for its retransmission window and answers a request whose sequence number (and sender) it
 * has cached from that cache, without processing it. A node that restarts and numbers its requests from 1 again
 * can therefore have a new request (e.g. a Session Report Request) taken for a retransmission of an old one by a
 * peer that still holds that number's response. Two remedies:
 * <ul>
 *   <li>{@link #resume}: the numbers are reserved in blocks of {@link #BLOCK} in a durable ledger (the agent's
 *       journal) before the first of a block is used; a restarted node continues after the last reservation, so
 *       none of its numbers was used in the last 2^24 - 1 - BLOCK requests before the restart.</li>
 *   <li>{@link #random}: without a ledger, start at a random point of the 24-bit space (§7.2.2.1), so a restarted
 *       node's first numbers collide with a peer's cached ones only by chance.</li>
 * </ul>
 *
 * @param last    the number to count on from (the first request gets the next one; 0 = start at 1)
 * @param ledger  called on the event loop with the highest number the node may use before calling it again; must
 *                return only once the value would survive a restart. null: nothing kept
 */
public record RequestSequences(int last, IntConsumer ledger) {
    /** Numbers reserved per ledger call: one durable write per 65,536 requests the node originates. */
    public static final int BLOCK = 1 << 16;

    public RequestSequences {
        if (last < 0 || last > PfcpHeader.MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence number is 24 bits: " + last);
        }
    }

    /** From 1, nothing kept (tests, and peers such as the SMF emulator that keep no state). */
    public static RequestSequences fromOne() {
        return new RequestSequences(0, null);
    }

    /** From a random number in 1..2^24-1, nothing kept. */
    public static RequestSequences random() {
        return new RequestSequences(ThreadLocalRandom.current().nextInt(1, PfcpHeader.MAX_SEQUENCE + 1), null);
    }

    /**
     * After reserved, the last limit the ledger kept (0 when it holds none yet: a random start), with every further
     * block reserved in ledger before its first number is used.
     */
    public static RequestSequences resume(int reserved, IntConsumer ledger) {
        return new RequestSequences(reserved == 0 ? random().last() : reserved,
                java.util.Objects.requireNonNull(ledger, "ledger"));
    }

    SequenceAllocator allocator() {
        return new SequenceAllocator(last, ledger);
    }
}
