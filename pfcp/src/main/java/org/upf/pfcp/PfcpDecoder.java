package org.upf.pfcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeCodec;

/**
 * Decodes PFCP messages from bytes (TS 29.244 §7.2): header, then the IEs with {@link IeCodec}, then the
 * message-level check of the IEs §7.4/§7.5 mark Mandatory. Every failure is a {@link PfcpDecodeException}.
 */
public final class PfcpDecoder {
    private static final PfcpDecoder STRICT = new PfcpDecoder(IeCodec.standard(), true);
    private static final PfcpDecoder LENIENT = new PfcpDecoder(IeCodec.lenient(), false);

    private final IeCodec ieCodec;
    private final boolean validate;

    public PfcpDecoder(IeCodec ieCodec, boolean validate) {
        this.ieCodec = ieCodec;
        this.validate = validate;
    }

    /** Full decoding with mandatory-IE checks: what a node uses on received messages. */
    public static PfcpDecoder strict() {
        return STRICT;
    }

    /** Structure only, no mandatory-IE checks: what printing tools use to show as much as possible. */
    public static PfcpDecoder lenient() {
        return LENIENT;
    }

    /**
     * Decodes one message starting at {@code buf.readerIndex()} and advances the reader index past it
     * (Message Length + 4 octets), even past further messages' start when FO is set (§7.2.2.1).
     */
    public PfcpMessage decode(ByteBuf buf) {
        int available = buf.readableBytes();
        if (available < 4) {
            throw new PfcpDecodeException(PfcpProblem.MESSAGE_TOO_SHORT, "fewer than 4 octets", 0,
                    PfcpDecodeException.NO_IE, 4, available, null);
        }
        int start = buf.readerIndex();
        int flags = buf.getUnsignedByte(start);
        int type = buf.getUnsignedByte(start + 1);
        int total = buf.getUnsignedShort(start + 2) + 4;
        boolean s = (flags & 0x01) != 0;
        int headerLength = s ? PfcpHeader.SESSION_HEADER_LENGTH : PfcpHeader.NODE_HEADER_LENGTH;
        PfcpHeader header = available >= headerLength && total >= headerLength
                ? readHeader(buf, start, flags, type, s) : null;
        if (flags >>> 5 != PfcpHeader.VERSION) {
            throw new PfcpDecodeException(PfcpProblem.UNSUPPORTED_VERSION, "version " + (flags >>> 5), 0,
                    PfcpDecodeException.NO_IE, -1, -1, header);
        }
        if (total < headerLength) {
            throw new PfcpDecodeException(PfcpProblem.MESSAGE_TOO_SHORT, "Message Length too small for the header",
                    2, PfcpDecodeException.NO_IE, headerLength, total, null);
        }
        if (total > available) {
            throw new PfcpDecodeException(PfcpProblem.INVALID_MESSAGE_LENGTH,
                    "Message Length runs past the end of the datagram", 2, PfcpDecodeException.NO_IE, total,
                    available, header);
        }
        PfcpMessageType mt = PfcpMessageType.forCode(type);
        if (mt == null) {
            throw new PfcpDecodeException(PfcpProblem.UNKNOWN_MESSAGE_TYPE, "message type " + type, 1,
                    PfcpDecodeException.NO_IE, -1, -1, header);
        }
        if (mt.isSessionMessage() != s) {
            throw new PfcpDecodeException(PfcpProblem.INVALID_HEADER,
                    mt.displayName() + (s ? " must not carry a SEID" : " must carry a SEID (S=1)"), 0,
                    PfcpDecodeException.NO_IE, -1, -1, header);
        }
        List<Ie> ies;
        try {
            ies = ieCodec.decodeRange(buf, start + headerLength, start + total, start, 0, mt.displayName(),
                    validate ? mt.mandatoryIes() : List.of());
        } catch (PfcpDecodeException e) {
            throw e.withHeader(header);
        }
        buf.readerIndex(start + total);
        return PfcpMessages.create(header, ies);
    }

    /** Decodes every message of a datagram: one, or several chained with FO=1 (§7.2.2.1). */
    public List<PfcpMessage> decodeAll(ByteBuf buf) {
        List<PfcpMessage> out = new ArrayList<>(1);
        PfcpMessage m;
        do {
            m = decode(buf);
            out.add(m);
        } while (m.header().followOn() && buf.isReadable());
        return out;
    }

    private static PfcpHeader readHeader(ByteBuf buf, int start, int flags, int type, boolean s) {
        int at = start + 4;
        long seid = 0;
        if (s) {
            seid = buf.getLong(at);
            at += 8;
        }
        return new PfcpHeader(flags, type, seid, buf.getUnsignedMedium(at), buf.getUnsignedByte(at + 3));
    }
}
