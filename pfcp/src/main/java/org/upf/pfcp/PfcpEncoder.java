package org.upf.pfcp;

import io.netty.buffer.ByteBuf;
import org.upf.pfcp.ie.IeCodec;

/** Encodes PFCP messages (TS 29.244 §7.2.2): header with computed Message Length, then the IEs in order. */
public final class PfcpEncoder {
    /** Largest message: the 16-bit Message Length counts the octets after the first 4. */
    public static final int MAX_MESSAGE_LENGTH = 0xFFFF + 4;

    private PfcpEncoder() {
    }

    public static void encode(PfcpMessage message, ByteBuf out) {
        PfcpHeader h = message.header();
        int start = out.writerIndex();
        out.writeByte(h.flags());
        out.writeByte(h.messageType());
        out.writeShort(0);
        if (h.hasSeid()) {
            out.writeLong(h.seid());
        }
        out.writeMedium(h.sequence());
        out.writeByte(h.lastOctet());
        IeCodec.encodeList(message.ies(), out);
        int length = out.writerIndex() - start - 4;
        if (length > 0xFFFF) {
            out.writerIndex(start);
            throw new IllegalArgumentException("message of " + (length + 4) + " octets exceeds " + MAX_MESSAGE_LENGTH);
        }
        out.setShort(start + 2, length);
    }
}
