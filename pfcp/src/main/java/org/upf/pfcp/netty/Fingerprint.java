package org.upf.pfcp.netty;

import io.netty.buffer.ByteBuf;

/**
 * A 64-bit hash of a message's received octets (header and body, as the datagram carried them). A retransmission
 * carries the same octets (TS 29.244 §6.4: the same message, the same sequence number), so the hash tells it from a
 * new request that reuses a sequence number, e.g. from a peer that restarted its numbering.
 *
 * <p>Eight octets per step (a multiply and a rotation, as MurmurHash3's 64-bit body), the tail octet by octet, then
 * MurmurHash3's finalizer over the length: about a tenth of the work of a byte-wise FNV-1a over an establishment's
 * ~300 octets, which the PFCP event loop hashes for every request it reads. Not a cryptographic hash: it only has to
 * tell apart two messages of one peer with the same sequence number, which an accidental 64-bit collision will not
 * merge in practice.
 */
final class Fingerprint {
    private static final long SEED = 0xcbf29ce484222325L;
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Fingerprint() {
    }

    /** The hash of buf's octets from index from (inclusive) to index to (exclusive); reads without moving indices. */
    static long of(ByteBuf buf, int from, int to) {
        long h = SEED;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            h = Long.rotateLeft(h ^ mix(buf.getLongLE(i)), 27) * 5 + 0x52dce729;
        }
        long tail = 0;
        for (int shift = 0; i < to; i++, shift += 8) {
            tail |= (buf.getByte(i) & 0xFFL) << shift;
        }
        h ^= mix(tail);
        return finish(h ^ (to - from));
    }

    private static long mix(long k) {
        return Long.rotateLeft(k * C1, 31) * C2;
    }

    /** MurmurHash3's fmix64: every input bit affects every output bit. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
