package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpProblem;

/**
 * Bounded reader over one IE's value. Every read checks the remaining length first and reports a short IE
 * as {@link PfcpProblem#IE_TOO_SHORT} (cause Invalid length) naming the field, the IE and the byte offset,
 * never as an {@link IndexOutOfBoundsException}.
 */
public final class IeReader {
    private final ByteBuf buf;
    private final int type;
    private final int valueOffset;
    private final int start;
    private final int length;
    private final IeCodec codec;
    private final int depth;

    IeReader(ByteBuf buf, int type, int valueOffset, int length, IeCodec codec, int depth) {
        this.buf = buf;
        this.type = type;
        this.valueOffset = valueOffset;
        this.start = buf.readerIndex();
        this.length = length;
        this.codec = codec;
        this.depth = depth;
    }

    public int type() {
        return type;
    }

    /** Length of the whole value in octets. */
    public int length() {
        return length;
    }

    public int remaining() {
        return length - consumed();
    }

    public boolean hasRemaining() {
        return remaining() > 0;
    }

    private int consumed() {
        return buf.readerIndex() - start;
    }

    private void need(int n, String field) {
        if (remaining() < n) {
            throw tooShort(field, n);
        }
    }

    public int u8(String field) {
        need(1, field);
        return buf.readUnsignedByte();
    }

    public int u16(String field) {
        need(2, field);
        return buf.readUnsignedShort();
    }

    public int u24(String field) {
        need(3, field);
        return buf.readUnsignedMedium();
    }

    public long u32(String field) {
        need(4, field);
        return buf.readUnsignedInt();
    }

    /** Unsigned big-endian integer of 1..8 octets (8-octet values come back as the signed long bits). */
    public long uint(int octets, String field) {
        need(octets, field);
        long v = 0;
        for (int i = 0; i < octets; i++) {
            v = v << 8 | buf.readUnsignedByte();
        }
        return v;
    }

    public byte[] bytes(int n, String field) {
        need(n, field);
        byte[] b = new byte[n];
        buf.readBytes(b);
        return b;
    }

    /** All octets not read yet. */
    public byte[] rest() {
        byte[] b = new byte[remaining()];
        buf.readBytes(b);
        return b;
    }

    /** Decodes the rest of the value as a list of IEs (the content of a grouped IE, §8.1.1). */
    public List<Ie> children() {
        int offset = valueOffset + consumed();
        return codec.decodeList(buf.readSlice(remaining()), offset, depth + 1);
    }

    /** A short-IE error for a field needing {@code n} more octets. */
    public PfcpDecodeException tooShort(String field, int n) {
        return new PfcpDecodeException(PfcpProblem.IE_TOO_SHORT,
                IeType.nameOf(type) + " too short for " + field + " (" + n + " octets at value offset "
                        + consumed() + ")", valueOffset + consumed(), type, consumed() + n, length, null);
    }

    /** An error for a value that is present but not valid (cause Mandatory IE incorrect). */
    public PfcpDecodeException incorrect(String why) {
        return new PfcpDecodeException(PfcpProblem.IE_INCORRECT, IeType.nameOf(type) + ": " + why,
                valueOffset + consumed(), type, -1, -1, null);
    }
}
