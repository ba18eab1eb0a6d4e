package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpProblem;

/**
 * Decodes and encodes sequences of IEs (a message body or a grouped IE's content), TS 29.244 §8.1.1:
 * Type (2) | Length (2) | [Enterprise ID (2) if Type >= 32768] | value. Order is preserved; IEs the
 * registry does not know become {@link OctetsIe}/{@link VendorIe}; octets a typed decoder leaves unread
 * are kept in an {@link ExtendedIe}. Both directions are allocation-light and reflection-free.
 */
public final class IeCodec {
    /** Grouped IEs nest a few levels in practice (Create PDR > PDI > ...); deeper is a crafted message. */
    public static final int MAX_DEPTH = 8;
    private static final int TL = 4;

    private final IeRegistry registry;
    private final boolean validate;

    /**
     * @param validate check that every grouped IE carries the children its table marks Mandatory
     *                 ({@link Groups#MANDATORY_CHILDREN})
     */
    public IeCodec(IeRegistry registry, boolean validate) {
        this.registry = registry;
        this.validate = validate;
    }

    /** Typed decoding of every supported IE, with mandatory-child checks. */
    public static IeCodec standard() {
        return Holder.STANDARD;
    }

    /** Like {@link #standard()} but without mandatory-child checks (for printing tools). */
    public static IeCodec lenient() {
        return Holder.LENIENT;
    }

    private static final class Holder {
        static final IeRegistry REGISTRY = IeRegistry.standard();
        static final IeCodec STANDARD = new IeCodec(REGISTRY, true);
        static final IeCodec LENIENT = new IeCodec(REGISTRY, false);
    }

    /**
     * Decodes IEs until {@code buf} has no readable octets left, advancing its reader index.
     * @param offset absolute offset of {@code buf.readerIndex()} within the PFCP message, for error reports
     */
    public List<Ie> decodeList(ByteBuf buf, int offset, int depth) {
        int from = buf.readerIndex();
        List<Ie> ies = decodeRange(buf, from, buf.writerIndex(), from - offset, depth);
        buf.readerIndex(buf.writerIndex());
        return ies;
    }

    /**
     * Decodes the IEs in {@code buf[from, to)} without touching its indices.
     * @param messageStart index of the PFCP message's first octet, for the offsets in error reports
     */
    public List<Ie> decodeRange(ByteBuf buf, int from, int to, int messageStart, int depth) {
        return decodeRange(buf, from, to, messageStart, depth, null, List.of());
    }

    /**
     * Decodes the IEs of a message body in {@code buf[from, to)} and checks that the IEs {@code mandatory} lists
     * are among them (§7.6 missing IEs: cause Mandatory IE missing at the message's end, naming the missing IE).
     * The check reads the wire types the decoder kept, instead of asking each decoded IE for its type.
     * @param owner the message's name for the error, e.g. "PFCP Session Establishment Request"
     */
    public List<Ie> decodeRange(ByteBuf buf, int from, int to, int messageStart, int depth, String owner,
                                List<IeType> mandatory) {
        IeReader reader = IeReader.acquire(buf, from, to, messageStart, this, depth);
        try {
            decodeInto(reader, from, to);
            IeType absent = missing(reader, mandatory, 0);
            if (absent != null) {
                throw new PfcpDecodeException(PfcpProblem.MANDATORY_IE_MISSING, owner + " lacks its mandatory "
                        + absent.displayName(), to - messageStart, absent.code(), -1, -1, null);
            }
            return reader.popList(0);
        } finally {
            reader.release();
        }
    }

    /** Decodes the IEs in {@code [from, to)} at the reader's depth, pushing them on its scratch stack. */
    void decodeInto(IeReader reader, int from, int to) {
        int messageStart = reader.messageStart();
        if (reader.depth() > MAX_DEPTH) {
            throw new PfcpDecodeException(PfcpProblem.IE_INCORRECT, "grouped IEs nested deeper than " + MAX_DEPTH,
                    from - messageStart, PfcpDecodeException.NO_IE, -1, -1, null);
        }
        int at = from;
        while (at < to) {
            int left = to - at;
            if (left < TL) {
                throw new PfcpDecodeException(PfcpProblem.IE_LENGTH_OVERRUN, "IE header needs 4 octets, " + left
                        + " left", at - messageStart, left >= 2 ? reader.u16At(at) : PfcpDecodeException.NO_IE,
                        TL, left, null);
            }
            int type = reader.u16At(at);
            int length = reader.u16At(at + 2);
            if (length > left - TL) {
                throw new PfcpDecodeException(PfcpProblem.IE_LENGTH_OVERRUN,
                        "IE length runs past the end of its message or grouped IE", at - messageStart, type, length,
                        left - TL, null);
            }
            // Integers and groups are most IEs of a session message (34 and 17 of the 78 of an open5gs Session
            // Establishment Request): their decoders are called directly, which lets the JIT inline them where the
            // interface call, with some twenty decoder classes behind it, cannot be. An integer of its exact width
            // needs no bounds checks: the reader is not even pointed at it.
            IeDecoder decoder = registry.decoder(type);
            if (decoder instanceof UintIe.Decoder d && length == d.width()) {
                reader.push(type, d.decode(type, reader.uintAt(at + TL, length)));
            } else if (decoder instanceof IeRegistry.GroupDecoder g) {
                reader.push(type, g.build(decodeChildren(reader, type, at + TL, at + TL, at + TL + length)));
            } else {
                reader.reset(type, at + TL, length);
                Ie ie = decoder.decode(reader);
                reader.push(type, reader.hasRemaining() ? new ExtendedIe(ie, reader.rest()) : ie);
            }
            at += TL + length;
        }
    }

    /**
     * The children of a grouped IE of {@code groupType} (§8.1.1) in {@code [from, to)}, decoded one level deeper and
     * checked against the group's table of Mandatory children, as an exact-size array the caller owns.
     * @param valueStart where the group's value starts, for the offset of a missing-child error
     */
    Ie[] decodeChildren(IeReader reader, int groupType, int valueStart, int from, int to) {
        int mark = reader.top();
        reader.enter();
        decodeInto(reader, from, to);
        reader.leave();
        checkMandatoryChildren(reader, groupType, mark, valueStart - reader.messageStart());
        return reader.popArray(mark);
    }

    /** Grouped IEs (§7.5): the children its table marks Mandatory, among those pushed since {@code mark}. */
    void checkMandatoryChildren(IeReader reader, int groupType, int mark, int valueOffset) {
        IeType absent = validate ? missing(reader, Groups.mandatoryChildren(groupType), mark) : null;
        if (absent != null) {
            throw new PfcpDecodeException(PfcpProblem.MANDATORY_IE_MISSING,
                    IeType.nameOf(groupType) + " lacks its mandatory " + absent.displayName(), valueOffset,
                    absent.code(), -1, -1, null);
        }
    }

    /** The first of {@code required} (may be null: none) whose wire type was not pushed since {@code mark}. */
    private static IeType missing(IeReader reader, List<IeType> required, int mark) {
        if (required == null) {
            return null;
        }
        for (int i = 0, n = required.size(); i < n; i++) {
            IeType t = required.get(i);
            if (!reader.pushedSince(mark, t.code())) {
                return t;
            }
        }
        return null;
    }

    /** Writes each IE with its Type and Length header. */
    public static void encodeList(List<? extends Ie> ies, ByteBuf out) {
        for (int i = 0, n = ies.size(); i < n; i++) {
            encode(ies.get(i), out);
        }
    }

    public static void encode(Ie ie, ByteBuf out) {
        out.writeShort(ie.type());
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        ie.encodeValue(out);
        int length = out.writerIndex() - lengthAt - 2;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException(ie.name() + " value of " + length + " octets exceeds 65535");
        }
        out.setShort(lengthAt, length);
    }
}
