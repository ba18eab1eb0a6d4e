package org.upf.pfcp.node;

import java.net.InetSocketAddress;
import java.util.List;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.IeType;

/** Responses the node builds itself, from a request header alone (the body may not have decoded). */
final class Rejections {
    private Rejections() {
    }

    /**
     * Whether a request of this type can be rejected with a cause: its response carries a Cause IE
     * (every response except the Heartbeat Response, §7.4.2.2, which has only a Recovery Time Stamp).
     */
    static boolean canReject(PfcpMessageType requestType) {
        return requestType != null && requestType.isRequest()
                && requestType.responseType().mandatoryIes().contains(IeType.CAUSE);
    }

    /**
     * The rejection response to a request (TS 29.244 §7.6 and the Cause/Offending IE rows of each response
     * table, e.g. §7.5.3.1): same sequence number and priority, the peer's SEID for session messages
     * (§7.2.2.4.2), our Node ID and Recovery Time Stamp where the response table makes them mandatory,
     * the cause and, if known, the Offending IE (§8.2.22).
     */
    static PfcpMessage reject(PfcpHeader request, PfcpCause cause, int offendingIe, long peerSeid,
                              PfcpNodeConfig config) {
        PfcpMessageType responseType = request.type().responseType();
        PfcpMessage.Builder b = PfcpMessage.builder(responseType).sequence(request.sequence());
        if (responseType.isSessionMessage()) {
            b.seid(peerSeid);
        }
        if (request.hasPriority()) {
            b.priority(request.priority());
        }
        List<IeType> mandatory = responseType.mandatoryIes();
        if (mandatory.contains(IeType.NODE_ID) && config.nodeId() != null) {
            b.nodeId(config.nodeId());
        }
        b.cause(cause);
        if (offendingIe != PfcpDecodeException.NO_IE) {
            b.offendingIe(offendingIe);
        }
        if (mandatory.contains(IeType.RECOVERY_TIME_STAMP)) {
            b.recoveryTimeStamp(config.recoveryTimeStampNtp());
        }
        return b.build();
    }

    /**
     * The SEID for the header of a response to a decoded request (§7.2.2.4.2): for a Session Establishment
     * Request the SEID of its CP F-SEID (the peer has no session of ours yet, §7.5.2), otherwise what the
     * handler knows about the session the request names.
     */
    static long peerSeid(PfcpMessage request, InetSocketAddress peer, PfcpRequestHandler handler) {
        if (request.type() == PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST && request.fSeid() != null) {
            return request.fSeid().seid();
        }
        return handler.peerSeidFor(request.header(), peer);
    }

    /**
     * §7.6.2 / §7.4.4.7: the answer to a message of another PFCP version: a version 1 header with the
     * received sequence number and no IEs.
     */
    static PfcpMessage versionNotSupported(int sequence) {
        return PfcpMessage.builder(PfcpMessageType.VERSION_NOT_SUPPORTED_RESPONSE).sequence(sequence).build();
    }
}
