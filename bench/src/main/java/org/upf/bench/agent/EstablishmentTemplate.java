package org.upf.bench.agent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;

/**
 * The latency floor's answer to every Session Establishment Request ({@link FloorResponder}): one Session
 * Establishment Response encoded once by the project's codec with the IEs the agent sends (TS 29.244 §7.5.3: Node
 * ID, Cause "Request accepted", UP F-SEID, one Created PDR with the F-TEID the UPF chose for the uplink PDR), then
 * per request copied and patched at fixed offsets: the header's SEID (the SMF's CP F-SEID, §7.2.2.4.2), the sequence
 * number (§7.2.2.4.1), the UP SEID and the TEID (a counter each, so that sessions differ as the agent's do).
 * No state per session, no decoding of the request beyond the header and the CP F-SEID's SEID.
 */
final class EstablishmentTemplate {
    /** PDR ID of the emulator's uplink PDR, the one with CHOOSE (org.upf.lab.smf.SessionRules.PDR_UL). */
    static final int UPLINK_PDR = 1;
    /** §7.2.2: octets 5-12 of a header with S = 1; the sequence number follows. */
    private static final int SEID_AT = 4;
    private static final int SEQUENCE_AT = 12;
    /** §7.2.2: the Message Length counts the octets after the first 4. */
    private static final int LENGTH_COUNTS_FROM = 4;
    /** An IE: type (2 octets), length (2), value (§8.1.1). */
    private static final int IE_HEADER = 4;
    /** F-SEID (§8.2.37) and F-TEID (§8.2.3): one octet of flags, then the SEID (8 octets) or TEID (4). */
    private static final int AFTER_FLAGS = IE_HEADER + 1;

    private final byte[] octets;
    private final int upSeidAt;
    private final int teidAt;
    private long next;

    /** n4 and n3: the IPv4 addresses the agent would name (its N4 address, its N3 address for the F-TEID). */
    EstablishmentTemplate(byte[] n4, byte[] n3) {
        PfcpMessage response = PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_RESPONSE).seid(1)
                .nodeId(NodeId.ipv4(n4)).cause(PfcpCause.REQUEST_ACCEPTED).add(FSeid.of(1, n4, null))
                .add(CreatedPdr.of(UPLINK_PDR, FTeid.of(1, n3, null))).build();
        octets = PfcpCodec.encode(response);
        ByteBuf b = Unpooled.wrappedBuffer(octets);
        upSeidAt = ieAt(b, PfcpHeader.SESSION_HEADER_LENGTH, octets.length, IeType.F_SEID.code()) + AFTER_FLAGS;
        int created = ieAt(b, PfcpHeader.SESSION_HEADER_LENGTH, octets.length, IeType.CREATED_PDR.code());
        teidAt = ieAt(b, created + IE_HEADER, created + IE_HEADER + b.getUnsignedShort(created + 2),
                IeType.F_TEID.code()) + AFTER_FLAGS;
    }

    /**
     * The response to the Session Establishment Request in request (readable from its reader index: one whole
     * datagram, S = 1), written into out; false, and nothing written, if the request carries no CP F-SEID (the
     * agent would reject it, §7.5.2; the floor does not answer it).
     */
    boolean answer(ByteBuf request, ByteBuf out) {
        int start = request.readerIndex();
        int end = Math.min(request.writerIndex(), start + LENGTH_COUNTS_FROM + request.getUnsignedShort(start + 2));
        int fseid = ieAt(request, start + PfcpHeader.SESSION_HEADER_LENGTH, end, IeType.F_SEID.code());
        if (fseid < 0 || request.getUnsignedShort(fseid + 2) < AFTER_FLAGS - IE_HEADER + Long.BYTES) {
            return false;
        }
        long seid = ++next;
        int at = out.writerIndex();
        out.writeBytes(octets);
        out.setLong(at + SEID_AT, request.getLong(fseid + AFTER_FLAGS));
        out.setMedium(at + SEQUENCE_AT, request.getUnsignedMedium(start + SEQUENCE_AT));
        out.setLong(at + upSeidAt, seid);
        out.setInt(at + teidAt, (int) seid);
        return true;
    }

    int length() {
        return octets.length;
    }

    /**
     * The offset of the first IE of this type among the IEs from first (a message's first IE, or a grouped IE's) to
     * end, or -1; an IE running past end ends the walk.
     */
    private static int ieAt(ByteBuf b, int first, int end, int type) {
        int at = first;
        while (at + IE_HEADER <= end) {
            int length = b.getUnsignedShort(at + 2);
            if (at + IE_HEADER + length > end) {
                return -1;
            }
            if (b.getUnsignedShort(at) == type) {
                return at;
            }
            at += IE_HEADER + length;
        }
        return -1;
    }
}
