package org.upf.pfcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;

/** Entry points: decode bytes into {@link PfcpMessage}s and encode them back (TS 29.244 §7). */
public final class PfcpCodec {
    /**
     * The thread's buffer for {@link #encode(PfcpMessage)}, which copies the octets out: one buffer serves every
     * message instead of a new heap buffer (with a leak-detector record for one in 128) per response (issue 5:
     * bytes allocated per establishment). Not leak-tracked, never released: it lives as long as its thread and keeps
     * the capacity of the largest message it encoded.
     */
    private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(
            () -> new UnpooledByteBufAllocator(false, true).heapBuffer(256));

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

    /** The message's octets in an array of their exact size. */
    public static byte[] encode(PfcpMessage message) {
        ByteBuf out = SCRATCH.get().clear();
        PfcpEncoder.encode(message, out);
        byte[] b = new byte[out.readableBytes()];
        out.getBytes(0, b);
        return b;
    }
}
