package org.upf.pfcp.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpDecoder;
import org.upf.pfcp.PfcpMessage;

/**
 * Coverage-guided fuzzing of the PFCP message decoder (Jazzer). For any datagram, both the strict decoder
 * (what the node runs) and the lenient one (what {@code upf pfcp decode} runs) either return messages or throw
 * the typed {@link PfcpDecodeException} with an offset inside the datagram; any other exception, a hang or an
 * out-of-memory is a finding. Every decoded message re-encodes without throwing, to exactly the octets it
 * was decoded from (TS 29.244 leaves no freedom the codec does not keep).
 * <p>
 * Normal test runs replay the committed inputs in {@code PfcpDecoderFuzzTestInputs/decodeAndReencode}
 * (messages from the conformance captures, one example of every message type, and regression inputs for the
 * crash classes other UPFs had); {@code make fuzz} fuzzes for real (see docs/pfcp-conformance.md).
 */
class PfcpDecoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decodeAndReencode(byte[] datagram) {
        check(PfcpDecoder.strict(), datagram);
        check(PfcpDecoder.lenient(), datagram);
    }

    private static void check(PfcpDecoder decoder, byte[] datagram) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        while (buf.isReadable()) {
            int start = buf.readerIndex();
            PfcpMessage m;
            try {
                m = decoder.decode(buf);
            } catch (PfcpDecodeException e) {
                int offset = start + e.offset();
                if (offset < 0 || offset > datagram.length) {
                    throw new AssertionError("error offset " + e.offset() + " outside the datagram: " + e.getMessage(), e);
                }
                return;
            }
            byte[] decodedFrom = ByteBufUtil.getBytes(buf, start, buf.readerIndex() - start);
            byte[] reencoded = PfcpCodec.encode(m);
            if (!Arrays.equals(decodedFrom, reencoded)) {
                throw new AssertionError("re-encoding of " + m + " differs at offset "
                        + Arrays.mismatch(decodedFrom, reencoded));
            }
            if (!m.header().followOn()) {
                return;
            }
        }
    }
}
