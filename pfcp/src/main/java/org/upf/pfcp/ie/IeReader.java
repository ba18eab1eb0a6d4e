package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpProblem;

/**
 * Bounded reader over one IE's value, reading the message buffer in place (no derived buffer per IE). Every
 * read checks the remaining length first and reports a short IE as {@link PfcpProblem#IE_TOO_SHORT} (cause
 * Invalid length) naming the field, the IE and the byte offset, never as an {@link IndexOutOfBoundsException}.
 * One reader serves every IE of a list in turn ({@link #reset}); decoders must not keep it.
 */
public final class IeReader {
    private final ByteBuf buf;
    private final int messageStart;
    private final IeCodec codec;
    private final int depth;
    private int type;
    private int start;
    private int end;
    private int pos;

    IeReader(ByteBuf buf, int messageStart, IeCodec codec, int depth) {
        this.buf = buf;
        this.messageStart = messageStart;
        this.codec = codec;
        this.depth = depth;
    }

    /** Points the reader at the value of an IE of {@code type} occupying {@code [start, start + length)}. */
    void reset(int ieType, int valueStart, int length) {
        this.type = ieType;
        this.start = valueStart;
        this.end = valueStart + length;
        this.pos = valueStart;
    }

    public int type() {
        return type;
    }

    /** Length of the whole value in octets. */
    public int length() {
        return end - start;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    private int need(int n, String field) {
        if (end - pos < n) {
            throw tooShort(field, n);
        }
        int at = pos;
        pos += n;
        return at;
    }

    public int u8(String field) {
        return buf.getUnsignedByte(need(1, field));
    }

    public int u16(String field) {
        return buf.getUnsignedShort(need(2, field));
    }

    public int u24(String field) {
        return buf.getUnsignedMedium(need(3, field));
    }

    public long u32(String field) {
        return buf.getUnsignedInt(need(4, field));
    }

    /** Unsigned big-endian integer of 1..8 octets (8-octet values come back as the signed long bits). */
    public long uint(int octets, String field) {
        int at = need(octets, field);
        if (octets == 8) {
            return buf.getLong(at);
        }
        long v = 0;
        for (int i = 0; i < octets; i++) {
            v = v << 8 | buf.getUnsignedByte(at + i);
        }
        return v;
    }

    public byte[] bytes(int n, String field) {
        byte[] b = new byte[n];
        buf.getBytes(need(n, field), b);
        return b;
    }

    /** All octets not read yet. */
    public byte[] rest() {
        return bytes(remaining(), "rest");
    }

    /** Decodes the rest of the value as a list of IEs (the content of a grouped IE, §8.1.1). */
    public List<Ie> children() {
        int from = pos;
        pos = end;
        return codec.decodeRange(buf, from, end, messageStart, depth + 1);
    }

    /** A short-IE error for a field needing {@code n} more octets. */
    public PfcpDecodeException tooShort(String field, int n) {
        int consumed = pos - start;
        return new PfcpDecodeException(PfcpProblem.IE_TOO_SHORT,
                IeType.nameOf(type) + " too short for " + field + " (" + n + " octets at value offset "
                        + consumed + ")", pos - messageStart, type, consumed + n, length(), null);
    }

    /** An error for a value that is present but not valid (cause Mandatory IE incorrect). */
    public PfcpDecodeException incorrect(String why) {
        return new PfcpDecodeException(PfcpProblem.IE_INCORRECT, IeType.nameOf(type) + ": " + why,
                pos - messageStart, type, -1, -1, null);
    }
}
