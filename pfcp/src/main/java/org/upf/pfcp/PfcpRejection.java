package org.upf.pfcp;

import java.util.List;
import java.util.Optional;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;

/**
 * The answers TS 29.244 §7.6 prescribes for a request that cannot be served: a response of the matching
 * type with the Cause (Mandatory IE missing, Invalid length, ...) and the Offending IE, or a Version Not
 * Supported Response (§7.6.2); nothing when the spec says to discard (no readable header, unknown message,
 * a response, or a request whose response has no Cause such as Heartbeat). The PFCP node and tools build
 * every rejection here, so a rejection looks the same whichever layer refused the request.
 */
public final class PfcpRejection {
    private PfcpRejection() {
    }

    /** Who rejects: our Node ID and Recovery Time Stamp, included where the response table makes them mandatory. */
    public record Self(NodeId nodeId, long recoveryTimeStampNtp) {
    }

    /**
     * The response to a request that failed to decode.
     *
     * @param peerSeid the SEID the peer uses for this session (0 if unknown), for session responses
     */
    public static Optional<PfcpMessage> responseTo(PfcpDecodeException e, Self self, long peerSeid) {
        PfcpHeader h = e.header();
        if (h == null) {
            return Optional.empty();
        }
        if (e.problem() == PfcpProblem.UNSUPPORTED_VERSION) {
            return Optional.of(versionNotSupported(h.sequence()));
        }
        if (e.cause() == null || !canReject(h.type())) {
            return Optional.empty();
        }
        return Optional.of(reject(h, e.cause(), e.offendingIeType(), peerSeid, self));
    }

    /**
     * Whether a request of this type can be rejected with a cause: its response carries a Cause IE
     * (every response except the Heartbeat Response, §7.4.2.2, which has only a Recovery Time Stamp).
     */
    public static boolean canReject(PfcpMessageType requestType) {
        return requestType != null && requestType.isRequest()
                && requestType.responseType().mandatoryIes().contains(IeType.CAUSE);
    }

    /**
     * The rejection response to a request (TS 29.244 §7.6 and the Cause/Offending IE rows of each response
     * table, e.g. §7.5.3.1): same sequence number and priority, the peer's SEID for session messages
     * (§7.2.2.4.2), our Node ID and Recovery Time Stamp where the response table makes them mandatory,
     * the cause and, if known, the Offending IE (§8.2.22).
     *
     * @param offendingIe the offending IE type, or {@link PfcpDecodeException#NO_IE}
     */
    public static PfcpMessage reject(PfcpHeader request, PfcpCause cause, int offendingIe, long peerSeid,
                                     Self self) {
        PfcpMessageType responseType = request.type().responseType();
        PfcpMessage.Builder b = PfcpMessage.builder(responseType).sequence(request.sequence());
        if (responseType.isSessionMessage()) {
            b.seid(peerSeid);
        }
        if (request.hasPriority()) {
            b.priority(request.priority());
        }
        List<IeType> mandatory = responseType.mandatoryIes();
        if (mandatory.contains(IeType.NODE_ID) && self.nodeId() != null) {
            b.nodeId(self.nodeId());
        }
        b.cause(cause);
        if (offendingIe != PfcpDecodeException.NO_IE) {
            b.offendingIe(offendingIe);
        }
        if (mandatory.contains(IeType.RECOVERY_TIME_STAMP)) {
            b.recoveryTimeStamp(self.recoveryTimeStampNtp());
        }
        return b.build();
    }

    /**
     * §7.6.2 / §7.4.4.7: the answer to a message of another PFCP version: a version 1 header with the
     * received sequence number and no IEs.
     */
    public static PfcpMessage versionNotSupported(int sequence) {
        return PfcpMessage.builder(PfcpMessageType.VERSION_NOT_SUPPORTED_RESPONSE).sequence(sequence).build();
    }
}
