package org.upf.pfcp;

import java.util.Optional;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;

/**
 * The answer TS 29.244 §7.6 prescribes for a request that failed to decode: a response of the matching
 * type with the Cause (Mandatory IE missing, Invalid length, ...) and the Offending IE, or a Version Not
 * Supported Response (§7.6.2); nothing when the spec says to discard (no readable header, unknown message,
 * a response, or a request whose response has no Cause such as Heartbeat).
 */
public final class PfcpRejection {
    private PfcpRejection() {
    }

    /**
     * @param self     this node's Node ID, included when the response type requires it
     * @param peerSeid the SEID the peer uses for this session (0 if unknown), for session responses
     */
    public static Optional<PfcpMessage> responseTo(PfcpDecodeException e, NodeId self, long peerSeid) {
        PfcpHeader h = e.header();
        if (h == null) {
            return Optional.empty();
        }
        if (e.problem() == PfcpProblem.UNSUPPORTED_VERSION) {
            return Optional.of(PfcpMessage.builder(PfcpMessageType.VERSION_NOT_SUPPORTED_RESPONSE)
                    .sequence(h.sequence()).build());
        }
        PfcpMessageType type = h.type();
        if (e.cause() == null || type == null || !type.isRequest()
                || !type.responseType().mandatoryIes().contains(IeType.CAUSE)) {
            return Optional.empty();
        }
        PfcpMessage.Builder b = PfcpMessage.builder(type.responseType()).sequence(h.sequence());
        if (type.isSessionMessage()) {
            b.seid(peerSeid);
        }
        if (type.responseType().mandatoryIes().contains(IeType.NODE_ID)) {
            b.nodeId(self);
        }
        b.cause(e.cause());
        if (e.offendingIeType() != PfcpDecodeException.NO_IE) {
            b.offendingIe(e.offendingIeType());
        }
        return Optional.of(b.build());
    }
}
