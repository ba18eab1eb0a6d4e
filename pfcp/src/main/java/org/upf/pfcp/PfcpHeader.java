package org.upf.pfcp;

/**
 * PFCP message header, TS 29.244 §7.2.2 (Figure 7.2.2.1-1):
 * <pre>
 * octet 1     Version(3) Spare(2) FO MP S
 * octet 2     Message Type
 * octets 3-4  Message Length (octets after the first 4)
 * octets 5-12 SEID (only if S = 1)
 * next 3      Sequence Number
 * next 1      Message Priority(4) Spare(4) if MP = 1, else Spare
 * </pre>
 * {@code flags} and {@code lastOctet} keep the received octets whole (spare bits included) so a decoded
 * header re-encodes byte for byte. The length is not stored: the encoder computes it.
 */
public record PfcpHeader(int flags, int messageType, long seid, int sequence, int lastOctet) {

    public static final int VERSION = 1;
    public static final int NODE_HEADER_LENGTH = 8;
    public static final int SESSION_HEADER_LENGTH = 16;
    public static final int MAX_SEQUENCE = 0xFFFFFF;

    private static final int FO = 0x04;
    private static final int MP = 0x02;
    private static final int S = 0x01;

    public PfcpHeader {
        if ((flags & ~0xFF) != 0 || (messageType & ~0xFF) != 0 || (lastOctet & ~0xFF) != 0) {
            throw new IllegalArgumentException("flags, message type and last octet are single octets");
        }
        if ((sequence & ~MAX_SEQUENCE) != 0) {
            throw new IllegalArgumentException("sequence number is 24 bits: " + sequence);
        }
        if ((flags & S) == 0 && seid != 0) {
            throw new IllegalArgumentException("SEID without S flag");
        }
    }

    /** Header of a node message (S=0): version 1, no SEID. */
    public static PfcpHeader node(PfcpMessageType type, int sequence) {
        return new PfcpHeader(VERSION << 5, type.code(), 0, sequence, 0);
    }

    /** Header of a session message (S=1) with the receiver's SEID. */
    public static PfcpHeader session(PfcpMessageType type, long seid, int sequence) {
        return new PfcpHeader(VERSION << 5 | S, type.code(), seid, sequence, 0);
    }

    /** The standard header for a type: session messages get S=1 with this SEID, node messages S=0. */
    public static PfcpHeader of(PfcpMessageType type, long seid, int sequence) {
        return type.isSessionMessage() ? session(type, seid, sequence) : node(type, sequence);
    }

    /** This header with MP=1 and the given Message Priority (0..15, §7.2.2.1; lower value = higher priority). */
    public PfcpHeader withPriority(int priority) {
        if ((priority & ~0xF) != 0) {
            throw new IllegalArgumentException("message priority is 4 bits: " + priority);
        }
        return new PfcpHeader(flags | MP, messageType, seid, sequence, priority << 4 | (lastOctet & 0xF));
    }

    public PfcpHeader withSequence(int seq) {
        return new PfcpHeader(flags, messageType, seid, seq, lastOctet);
    }

    public PfcpHeader withSeid(long newSeid) {
        return new PfcpHeader(flags | S, messageType, newSeid, sequence, lastOctet);
    }

    /** FO (Follow On) set: another PFCP message follows in the same datagram (§7.2.2.1). */
    public PfcpHeader withFollowOn(boolean followOn) {
        return new PfcpHeader(followOn ? flags | FO : flags & ~FO, messageType, seid, sequence, lastOctet);
    }

    public int version() {
        return flags >>> 5;
    }

    public boolean followOn() {
        return (flags & FO) != 0;
    }

    public boolean hasPriority() {
        return (flags & MP) != 0;
    }

    public boolean hasSeid() {
        return (flags & S) != 0;
    }

    /** Message Priority if MP=1, else -1. */
    public int priority() {
        return hasPriority() ? lastOctet >>> 4 : -1;
    }

    /** The message type, or {@code null} if the code is not a Release 17 message type. */
    public PfcpMessageType type() {
        return PfcpMessageType.forCode(messageType);
    }

    /** Octets this header takes on the wire. */
    public int encodedLength() {
        return hasSeid() ? SESSION_HEADER_LENGTH : NODE_HEADER_LENGTH;
    }
}
