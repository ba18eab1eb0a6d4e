package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpProblem;

/**
 * Bounded reader over one IE's value. Every read checks the remaining length first and reports a short IE as
 * {@link PfcpProblem#IE_TOO_SHORT} (cause Invalid length) naming the field, the IE and the byte offset, never as
 * an {@link IndexOutOfBoundsException}.
 *
 * <p>One reader serves a whole message: it reads the octets by index from one array (the buffer's own array,
 * or a copy of the IE octets of a direct buffer) instead of through Netty's checked accessors, is pointed at
 * each IE in turn ({@link #reset}), and collects the decoded IEs of every nesting level on one scratch stack.
 * Each thread keeps its reader and copy array from message to message ({@link #acquire}/{@link #release}), so
 * decoding allocates only the IEs, one exact-size array per IE list and the stack. Decoders must not keep the
 * reader. Positions are indices of the message's {@link ByteBuf}.
 */
public final class IeReader {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<IeReader> PER_THREAD = ThreadLocal.withInitial(IeReader::new);

    /** The array read: the buffer's own or {@link #copy}. */
    private byte[] octets;
    /** {@code octets} index = buffer index + shift. */
    private int shift;
    private int messageStart;
    private IeCodec codec;
    private int depth;
    private int type;
    private int start;
    private int end;
    private int pos;
    private byte[] copy = new byte[1024];
    /**
     * A new array per message (as long as {@link #types} or as many IEs as the message can hold): a young array
     * holding young IEs lets G1's write barrier skip the card marking (and its StoreLoad fence) that every IE
     * stored into a long-lived, old array would pay.
     */
    private Ie[] stack;
    /** Wire type of each IE on {@link #stack}, for the mandatory-children check without calls into the IEs. */
    private int[] types = new int[32];
    private int top;
    private boolean inUse;

    private IeReader() {
    }

    /**
     * This thread's reader (a new one if it is busy) set up for the IEs in {@code buf[from, to)}, which it copies
     * once if the buffer has no array. Hand it back with {@link #release}.
     */
    static IeReader acquire(ByteBuf buf, int from, int to, int messageStart, IeCodec codec, int depth) {
        IeReader r = PER_THREAD.get();
        if (r.inUse) {
            r = new IeReader();
        }
        r.inUse = true;
        // Every IE takes at least its 4-octet header, so no more than (to - from) / 4 are ever on the stack.
        r.stack = new Ie[Math.min(r.types.length, (to - from) / 4)];
        r.messageStart = messageStart;
        r.codec = codec;
        r.depth = depth;
        if (buf.hasArray()) {
            r.octets = buf.array();
            r.shift = buf.arrayOffset();
        } else {
            if (r.copy.length < to - from) {
                r.copy = new byte[to - from];
            }
            buf.getBytes(from, r.copy, 0, to - from);
            r.octets = r.copy;
            r.shift = -from;
        }
        return r;
    }

    /** Ends a decoding: drops the references to the message's array and IEs so they are not kept alive. */
    void release() {
        octets = null;
        stack = null;
        top = 0;
        inUse = false;
    }

    /** Points the reader at the value of an IE of {@code type} occupying {@code [start, start + length)}. */
    void reset(int ieType, int valueStart, int length) {
        this.type = ieType;
        this.start = valueStart;
        this.end = valueStart + length;
        this.pos = valueStart;
    }

    int depth() {
        return depth;
    }

    /** Steps into a grouped IE's children (one level deeper); {@link #leave} steps out. */
    void enter() {
        depth++;
    }

    void leave() {
        depth--;
    }

    /** Stack height: the mark before a list's first IE. */
    int top() {
        return top;
    }

    int messageStart() {
        return messageStart;
    }

    /** Unsigned 16-bit value at buffer index {@code at}, outside any IE (Type and Length fields). */
    int u16At(int at) {
        int i = at + shift;
        return (octets[i] & 0xFF) << 8 | octets[i + 1] & 0xFF;
    }

    /**
     * Unsigned big-endian integer of {@code width} (1..8) octets at buffer index {@code at}, for a caller that has
     * checked the octets lie inside the IE list (8-octet values come back as the signed long bits).
     */
    long uintAt(int at, int width) {
        int i = at + shift;
        switch (width) {
            case 1: return octets[i] & 0xFF;
            case 2: return (octets[i] & 0xFF) << 8 | octets[i + 1] & 0xFF;
            case 4: return (int) INT.get(octets, i) & 0xFFFFFFFFL;
            case 8: return (long) LONG.get(octets, i);
            default:
                long v = 0;
                for (int k = 0; k < width; k++) {
                    v = v << 8 | octets[i + k] & 0xFF;
                }
                return v;
        }
    }

    void push(int ieType, Ie ie) {
        if (top == stack.length) {
            stack = Arrays.copyOf(stack, top * 2);
            types = Arrays.copyOf(types, top * 2);
        }
        types[top] = ieType;
        stack[top++] = ie;
    }

    /** Whether an IE of {@code ieType} was pushed since {@code mark}. */
    boolean pushedSince(int mark, int ieType) {
        for (int i = mark; i < top; i++) {
            if (types[i] == ieType) {
                return true;
            }
        }
        return false;
    }

    /** The IEs pushed since {@code mark}, as an exact-size list; the stack drops back to {@code mark}. */
    IeList popList(int mark) {
        return IeList.of(popArray(mark));
    }

    /** The IEs pushed since {@code mark}, as an exact-size array; the stack drops back to {@code mark}. */
    Ie[] popArray(int mark) {
        Ie[] ies = Arrays.copyOfRange(stack, mark, top);
        top = mark;
        return ies;
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

    /** Array index of the next {@code n} octets of the value, which it consumes. */
    private int need(int n, String field) {
        if (end - pos < n) {
            throw tooShort(field, n);
        }
        int at = pos;
        pos += n;
        return at + shift;
    }

    public int u8(String field) {
        return octets[need(1, field)] & 0xFF;
    }

    public int u16(String field) {
        int i = need(2, field);
        return (octets[i] & 0xFF) << 8 | octets[i + 1] & 0xFF;
    }

    public int u24(String field) {
        int i = need(3, field);
        return (octets[i] & 0xFF) << 16 | (octets[i + 1] & 0xFF) << 8 | octets[i + 2] & 0xFF;
    }

    public long u32(String field) {
        return (int) INT.get(octets, need(4, field)) & 0xFFFFFFFFL;
    }

    /** Unsigned big-endian integer of 1..8 octets (8-octet values come back as the signed long bits). */
    public long uint(int octets, String field) {
        int i = need(octets, field);
        return uintAt(i - shift, octets);
    }

    public byte[] bytes(int n, String field) {
        int i = need(n, field);
        return Arrays.copyOfRange(octets, i, i + n);
    }

    /** All octets not read yet. */
    public byte[] rest() {
        return bytes(remaining(), "rest");
    }

    /**
     * Decodes the rest of the value as a list of IEs (the content of a grouped IE, §8.1.1), checking that the
     * children its table marks Mandatory are there if the codec validates.
     */
    public List<Ie> children() {
        return IeList.of(childArray());
    }

    /** {@link #children()} as an exact-size array, which the caller then owns: what grouped IEs keep. */
    Ie[] childArray() {
        int t = type;
        int s = start;
        int e = end;
        Ie[] children = codec.decodeChildren(this, t, s, pos, e);
        reset(t, s, e - s);
        pos = e;
        return children;
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
