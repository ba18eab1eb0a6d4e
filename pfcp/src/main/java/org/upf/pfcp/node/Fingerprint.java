package org.upf.pfcp.node;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;

/**
 * A 64-bit FNV-1a hash of a message's octets. The codec re-encodes a decoded message byte for byte, so this
 * is the hash of the received octets; it tells a retransmission (identical, TS 29.244 §6.4) from a new
 * request that reuses a sequence number.
 */
final class Fingerprint {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {
    }

    static long of(PfcpMessage message) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(256);
        try {
            PfcpCodec.encode(message, buf);
            long h = OFFSET_BASIS;
            for (int i = buf.readerIndex(), end = buf.writerIndex(); i < end; i++) {
                h = (h ^ (buf.getByte(i) & 0xFF)) * PRIME;
            }
            return h;
        } finally {
            buf.release();
        }
    }
}
