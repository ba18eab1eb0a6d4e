package org.upf.pfcp;

import java.util.ArrayList;
import java.util.List;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeContainer;
import org.upf.pfcp.ie.IeList;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.UintIe;

/**
 * A PFCP message: header plus the IEs in wire order (TS 29.244 §7.2.1). Every IE keeps its decoded form
 * including unknown and vendor IEs and extra octets, so a decoded message re-encodes byte for byte.
 * Messages with typed accessors (e.g. {@link org.upf.pfcp.message.SessionEstablishmentRequest}) extend
 * this class; the decoder creates them through {@link PfcpMessages#create(PfcpHeader, List)}.
 */
public class PfcpMessage implements IeContainer {
    private final PfcpHeader header;
    private final List<Ie> ies;

    public PfcpMessage(PfcpHeader header, List<Ie> ies) {
        this.header = header;
        this.ies = IeList.copyOf(ies);
    }

    public final PfcpHeader header() {
        return header;
    }

    @Override
    public final List<Ie> ies() {
        return ies;
    }

    /** The message type (never null for decoded or built messages). */
    public final PfcpMessageType type() {
        return header.type();
    }

    public final int sequence() {
        return header.sequence();
    }

    /** SEID from the header (0 for node messages). */
    public final long seid() {
        return header.seid();
    }

    public final NodeId nodeId() {
        return find(IeType.NODE_ID, NodeId.class);
    }

    /** The Cause IE value, or {@code null} if absent or not a Release 17 cause. */
    public final PfcpCause cause() {
        long c = uint(IeType.CAUSE);
        return c < 0 ? null : PfcpCause.forCode((int) c);
    }

    /** Recovery Time Stamp (§8.2.65, seconds since 1900 as in NTP), -1 if absent. */
    public final long recoveryTimeStamp() {
        return uint(IeType.RECOVERY_TIME_STAMP);
    }

    /** The F-SEID IE (CP F-SEID in requests, UP F-SEID in responses), or {@code null}. */
    public final FSeid fSeid() {
        return find(IeType.F_SEID, FSeid.class);
    }

    /** Offending IE type (§8.2.22), -1 if absent. */
    public final int offendingIe() {
        return (int) uint(IeType.OFFENDING_IE);
    }

    /** A builder for a message of this type with the same IEs, to change header fields. */
    public final Builder toBuilder() {
        return new Builder(header).addAll(ies);
    }

    /**
     * A builder for the response to this request: response type, same sequence number and priority;
     * SEID 0. For session messages set the peer's SEID (e.g. the CP F-SEID of a Session Establishment
     * Request) with {@link Builder#seid(long)}.
     */
    public final Builder responseBuilder() {
        PfcpMessageType rt = type().responseType();
        if (rt == null) {
            throw new IllegalStateException(type() + " is not a request");
        }
        PfcpHeader h = PfcpHeader.of(rt, 0, sequence());
        return new Builder(header.hasPriority() ? h.withPriority(header.priority()) : h);
    }

    public static Builder builder(PfcpMessageType type) {
        return new Builder(PfcpHeader.of(type, 0, 0));
    }

    @Override
    public String toString() {
        return type().displayName() + "{seq=" + sequence() + (header.hasSeid() ? ", seid=" + Long.toUnsignedString(seid())
                : "") + ", ies=" + ies + '}';
    }

    /** Builds messages; IEs keep the order they are added in. */
    public static final class Builder {
        private PfcpHeader header;
        private final List<Ie> ies = new ArrayList<>();

        Builder(PfcpHeader header) {
            this.header = header;
        }

        public Builder sequence(int sequence) {
            header = header.withSequence(sequence);
            return this;
        }

        /** The header SEID (the receiving peer's); only session messages carry one (§7.2.2). */
        public Builder seid(long seid) {
            if (!header.type().isSessionMessage()) {
                throw new IllegalStateException(header.type() + " is a node message: no SEID");
            }
            header = header.withSeid(seid);
            return this;
        }

        public Builder priority(int priority) {
            header = header.withPriority(priority);
            return this;
        }

        public Builder header(PfcpHeader h) {
            header = h;
            return this;
        }

        public Builder add(Ie ie) {
            ies.add(ie);
            return this;
        }

        public Builder addAll(List<? extends Ie> list) {
            ies.addAll(list);
            return this;
        }

        public Builder cause(PfcpCause cause) {
            return add(UintIe.of(IeType.CAUSE, 1, cause.code()));
        }

        public Builder recoveryTimeStamp(long ntpSeconds) {
            return add(UintIe.of(IeType.RECOVERY_TIME_STAMP, 4, ntpSeconds));
        }

        public Builder nodeId(NodeId nodeId) {
            return add(nodeId);
        }

        public Builder offendingIe(int ieType) {
            return add(UintIe.of(IeType.OFFENDING_IE, 2, ieType));
        }

        public PfcpMessage build() {
            return PfcpMessages.create(header, ies);
        }
    }
}
