package org.upf.pfcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/** Entry points: decode bytes into {@link PfcpMessage}s and encode them back (TS 29.244 §7). */
public final class PfcpCodec {
    private PfcpCodec() {
    }

    /** Decodes one message with mandatory-IE checks, advancing the reader index past it. */
    public static PfcpMessage decode(ByteBuf buf) {
        return PfcpDecoder.strict().decode(buf);
    }

    /** Decodes every message in a datagram (FO chaining), with mandatory-IE checks. */
    public static List<PfcpMessage> decodeAll(ByteBuf buf) {
        return PfcpDecoder.strict().decodeAll(buf);
    }

    public static PfcpMessage decode(byte[] bytes) {
        return decode(Unpooled.wrappedBuffer(bytes));
    }

    public static void encode(PfcpMessage message, ByteBuf out) {
        PfcpEncoder.encode(message, out);
    }

    public static byte[] encode(PfcpMessage message) {
        ByteBuf out = Unpooled.buffer(256);
        try {
            PfcpEncoder.encode(message, out);
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return b;
        } finally {
            out.release();
        }
    }
}
