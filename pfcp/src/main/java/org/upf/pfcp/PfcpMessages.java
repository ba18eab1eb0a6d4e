package org.upf.pfcp;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.message.AssociationSetupRequest;
import org.upf.pfcp.message.AssociationSetupResponse;
import org.upf.pfcp.message.HeartbeatRequest;
import org.upf.pfcp.message.HeartbeatResponse;
import org.upf.pfcp.message.NodeReportRequest;
import org.upf.pfcp.message.SessionDeletionResponse;
import org.upf.pfcp.message.SessionEstablishmentRequest;
import org.upf.pfcp.message.SessionEstablishmentResponse;
import org.upf.pfcp.message.SessionModificationRequest;
import org.upf.pfcp.message.SessionModificationResponse;
import org.upf.pfcp.message.SessionReportRequest;
import org.upf.pfcp.message.SessionReportResponse;

/** Creates the typed {@link PfcpMessage} subclass for a header's message type (plain PfcpMessage otherwise). */
public final class PfcpMessages {
    private static final Map<PfcpMessageType, BiFunction<PfcpHeader, List<Ie>, PfcpMessage>> TYPED =
            new EnumMap<>(PfcpMessageType.class);

    static {
        TYPED.put(PfcpMessageType.HEARTBEAT_REQUEST, HeartbeatRequest::new);
        TYPED.put(PfcpMessageType.HEARTBEAT_RESPONSE, HeartbeatResponse::new);
        TYPED.put(PfcpMessageType.ASSOCIATION_SETUP_REQUEST, AssociationSetupRequest::new);
        TYPED.put(PfcpMessageType.ASSOCIATION_SETUP_RESPONSE, AssociationSetupResponse::new);
        TYPED.put(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST, SessionEstablishmentRequest::new);
        TYPED.put(PfcpMessageType.SESSION_ESTABLISHMENT_RESPONSE, SessionEstablishmentResponse::new);
        TYPED.put(PfcpMessageType.SESSION_MODIFICATION_REQUEST, SessionModificationRequest::new);
        TYPED.put(PfcpMessageType.SESSION_MODIFICATION_RESPONSE, SessionModificationResponse::new);
        TYPED.put(PfcpMessageType.SESSION_DELETION_RESPONSE, SessionDeletionResponse::new);
        TYPED.put(PfcpMessageType.SESSION_REPORT_REQUEST, SessionReportRequest::new);
        TYPED.put(PfcpMessageType.SESSION_REPORT_RESPONSE, SessionReportResponse::new);
        TYPED.put(PfcpMessageType.NODE_REPORT_REQUEST, NodeReportRequest::new);
    }

    private PfcpMessages() {
    }

    public static PfcpMessage create(PfcpHeader header, List<Ie> ies) {
        PfcpMessageType type = header.type();
        if (type == null) {
            throw new IllegalArgumentException("unknown message type " + header.messageType());
        }
        BiFunction<PfcpHeader, List<Ie>, PfcpMessage> f = TYPED.get(type);
        return f != null ? f.apply(header, ies) : new PfcpMessage(header, ies);
    }
}
