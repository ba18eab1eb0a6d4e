package org.upf.pfcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.conformance.ConformanceCaptures;
import org.upf.pfcp.ie.Hex;

/**
 * The decoder reads a heap buffer's own array and copies a direct buffer's IEs into its per-thread array
 * ({@code IeReader}); both paths, at any reader index and array offset, give the same messages and the same
 * errors, and a failed decode leaves nothing behind that changes the next one on the same thread.
 */
class BufferKindsTest {
    private static final int PAD = 5;

    /** The ways a datagram reaches the decoder: Netty hands over direct buffers, tools and tests heap ones. */
    private static final List<Function<byte[], ByteBuf>> KINDS = List.of(
            Unpooled::wrappedBuffer,
            b -> Unpooled.wrappedBuffer(padded(b), PAD, b.length),          // array offset != 0
            b -> {
                ByteBuf d = Unpooled.directBuffer(b.length + PAD).writeZero(PAD).writeBytes(b);
                return d.readerIndex(PAD);                                     // direct, reader index != 0
            });

    @Test
    void capturedAndTruncatedMessagesDecodeAlikeFromEveryKindOfBuffer() {
        int errors = 0;
        for (byte[] payload : inputs()) {
            String expected = outcome(KINDS.get(0).apply(payload));
            errors += expected.startsWith("error") ? 1 : 0;
            for (Function<byte[], ByteBuf> kind : KINDS.subList(1, KINDS.size())) {
                ByteBuf buf = kind.apply(payload);
                try {
                    assertThat(outcome(buf)).as(Hex.of(payload)).isEqualTo(expected);
                } finally {
                    buf.release();
                }
            }
        }
        // The truncated copies must have exercised the error paths, interleaved with successful decodes.
        assertThat(errors).isGreaterThan(100);
    }

    /** Every captured datagram, and copies cut short by 1-3 octets inside their last IE (Message Length fixed). */
    private static List<byte[]> inputs() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] p : ConformanceCaptures.allPayloads()) {
            out.add(p);
            int length = (p[2] & 0xFF) << 8 | p[3] & 0xFF;
            if (length + 4 != p.length) {
                continue; // FO-chained datagrams: the originals suffice
            }
            for (int cut = 1; cut <= 3 && p.length - cut > 16; cut++) {
                byte[] t = Arrays.copyOf(p, p.length - cut);
                t[2] = (byte) ((t.length - 4) >>> 8);
                t[3] = (byte) (t.length - 4);
                out.add(t);
            }
        }
        return out;
    }

    /** The messages' types, IE counts and re-encoded octets, or the error with all its reported fields. */
    private static String outcome(ByteBuf buf) {
        try {
            StringBuilder sb = new StringBuilder();
            for (PfcpMessage m : PfcpCodec.decodeAll(buf)) {
                sb.append(m.type()).append(' ').append(m.ies().size()).append(" IEs ")
                        .append(Hex.of(PfcpCodec.encode(m))).append('\n');
            }
            return sb.toString();
        } catch (PfcpDecodeException e) {
            return "error " + e.problem() + " cause " + e.cause() + " offset " + e.offset() + " IE "
                    + e.offendingIeType() + " expected " + e.expectedLength() + " actual " + e.actualLength() + ": "
                    + e.getMessage();
        }
    }

    private static byte[] padded(byte[] b) {
        byte[] p = new byte[b.length + 2 * PAD];
        Arrays.fill(p, (byte) 0xEE);
        System.arraycopy(b, 0, p, PAD, b.length);
        return p;
    }
}
