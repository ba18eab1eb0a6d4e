package org.upf.pfcp.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpDecoder;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.conformance.ConformanceCaptures;
import org.upf.pfcp.ie.Hex;
import org.upf.pfcp.ie.IeTree;

/**
 * Real messages, truncated at every octet (with the header length patched to match, so the IE decoder sees
 * the cut) and mutated at random with a fixed seed: decoding either fails with {@link PfcpDecodeException}
 * or succeeds and re-encodes to exactly the input. Any other exception (the peer crash classes) fails.
 * The coverage-guided search is the Jazzer fuzz test; this is its deterministic floor.
 */
class CaptureMutationTest {
    private static final int MUTATIONS_PER_MESSAGE = 200;

    private static List<byte[]> messages() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] p : ConformanceCaptures.allPayloads()) {
            if (p.length >= 8) {
                out.add(p);
            }
        }
        return out;
    }

    /** Decode strictly and leniently; whatever decodes must re-encode identically and print. */
    private static int check(byte[] wire, List<String> failures) {
        int accepted = 0;
        for (PfcpDecoder decoder : List.of(PfcpDecoder.strict(), PfcpDecoder.lenient())) {
            try {
                ByteBuf buf = Unpooled.wrappedBuffer(wire);
                PfcpMessage m = decoder.decode(buf);
                byte[] used = Arrays.copyOf(wire, buf.readerIndex());
                byte[] again = PfcpCodec.encode(m);
                if (!Arrays.equals(again, used)) {
                    int at = Arrays.mismatch(again, used);
                    failures.add("re-encode differs at offset " + at + ": in "
                            + Hex.of(Arrays.copyOfRange(used, Math.max(0, at - 12), Math.min(used.length, at + 12)))
                            + " out " + Hex.of(Arrays.copyOfRange(again, Math.max(0, at - 12), Math.min(again.length, at + 12)))
                            + " message " + Hex.of(wire));
                }
                IeTree.of(m.ies());
                m.toString();
                accepted++;
            } catch (PfcpDecodeException e) {
                e.getMessage();
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(e + " for " + Hex.of(wire));
            }
        }
        return accepted;
    }

    @Test
    void everyTruncationIsATypedErrorOrAValidShorterMessage() {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (byte[] msg : messages()) {
            for (int cut = 4; cut < msg.length; cut++) {
                byte[] t = Arrays.copyOf(msg, cut);
                t[2] = (byte) ((cut - 4) >> 8);
                t[3] = (byte) (cut - 4);
                check(t, failures);
                check(Arrays.copyOf(msg, cut), failures);
                cases += 2;
            }
        }
        System.out.println("truncations: " + cases);
        assertThat(failures).isEmpty();
    }

    @Test
    void randomMutationsNeverEscapeTheTypedError() {
        SplittableRandom rnd = new SplittableRandom(0x5EED_29244L);
        List<String> failures = new ArrayList<>();
        int cases = 0;
        int accepted = 0;
        for (byte[] msg : messages()) {
            for (int i = 0; i < MUTATIONS_PER_MESSAGE; i++) {
                byte[] m = msg.clone();
                int edits = 1 + rnd.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    int at = rnd.nextInt(m.length);
                    switch (rnd.nextInt(4)) {
                        case 0 -> m[at] ^= (byte) (1 << rnd.nextInt(8));
                        case 1 -> m[at] = (byte) rnd.nextInt(256);
                        case 2 -> m[at] = (byte) (rnd.nextBoolean() ? 0x00 : 0xFF);
                        default -> m = Arrays.copyOf(m, Math.max(4, m.length - 1 - rnd.nextInt(8)));
                    }
                }
                accepted += check(m, failures);
                cases++;
            }
        }
        System.out.println("mutations: " + cases + ", decoded (strict or lenient): " + accepted);
        assertThat(failures).isEmpty();
    }
}
