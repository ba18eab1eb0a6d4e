package org.upf.pfcp.netty;

import io.netty.buffer.ByteBuf;

/**
 * A 64-bit FNV-1a hash of a message's received octets (header and body, as the datagram carried them). A
 * retransmission carries the same octets (TS 29.244 §6.4: the same message, the same sequence number), so the
 * hash tells it from a new request that reuses a sequence number, e.g. from a peer that restarted its numbering.
 */
final class Fingerprint {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {
    }

    /** The hash of buf's octets from index from (inclusive) to index to (exclusive); reads without moving indices. */
    static long of(ByteBuf buf, int from, int to) {
        long h = OFFSET_BASIS;
        for (int i = from; i < to; i++) {
            h = (h ^ (buf.getByte(i) & 0xFF)) * PRIME;
        }
        return h;
    }
}
