package org.upf.pfcp.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintTest {
    private static byte[] message(int length, long seed) {
        byte[] m = new byte[length];
        new Random(seed).nextBytes(m);
        return m;
    }

    @Test
    void sameOctetsSameHashWhereverTheyStartAndIndicesStay() {
        byte[] m = message(301, 1);
        ByteBuf a = Unpooled.wrappedBuffer(m);
        ByteBuf b = Unpooled.buffer().writeBytes(new byte[7]).writeBytes(m);
        b.readerIndex(3);

        assertThat(Fingerprint.of(b, 7, 7 + m.length)).isEqualTo(Fingerprint.of(a, 0, m.length));
        assertThat(b.readerIndex()).isEqualTo(3);
        assertThat(b.writerIndex()).isEqualTo(7 + m.length);
    }

    @Test
    void everySingleBitFlipChangesTheHash() {
        for (int length : new int[] {1, 7, 8, 9, 16, 63, 300}) {
            byte[] m = message(length, length);
            long original = Fingerprint.of(Unpooled.wrappedBuffer(m), 0, length);
            Set<Long> seen = new HashSet<>();
            seen.add(original);
            for (int bit = 0; bit < length * 8; bit++) {
                byte[] flipped = m.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                assertThat(seen.add(Fingerprint.of(Unpooled.wrappedBuffer(flipped), 0, length)))
                        .as("length %d, bit %d", length, bit).isTrue();
            }
        }
    }

    @Test
    void trailingZerosAndSwappedWordsAreOtherMessages() {
        byte[] m = message(16, 2);
        byte[] longer = new byte[17];
        System.arraycopy(m, 0, longer, 0, 16);
        byte[] swapped = new byte[16];
        System.arraycopy(m, 8, swapped, 0, 8);
        System.arraycopy(m, 0, swapped, 8, 8);

        long h = Fingerprint.of(Unpooled.wrappedBuffer(m), 0, 16);
        assertThat(Fingerprint.of(Unpooled.wrappedBuffer(longer), 0, 17)).isNotEqualTo(h);
        assertThat(Fingerprint.of(Unpooled.wrappedBuffer(swapped), 0, 16)).isNotEqualTo(h);
        assertThat(Fingerprint.of(Unpooled.wrappedBuffer(new byte[0]), 0, 0))
                .isNotEqualTo(Fingerprint.of(Unpooled.wrappedBuffer(new byte[1]), 0, 1));
    }

    @Test
    void requestsThatDifferOnlyInSequenceNumberDiffer() {
        // 100,000 establishment-like messages that differ only in the 3-octet sequence number (TS 29.244 §7.2.2.4.1,
        // octets 13-15): no two share a hash.
        byte[] m = message(300, 3);
        Set<Long> seen = new HashSet<>();
        for (int seq = 0; seq < 100_000; seq++) {
            m[12] = (byte) (seq >>> 16);
            m[13] = (byte) (seq >>> 8);
            m[14] = (byte) seq;
            seen.add(Fingerprint.of(Unpooled.wrappedBuffer(m), 0, m.length));
        }
        assertThat(seen).hasSize(100_000);
    }
}
