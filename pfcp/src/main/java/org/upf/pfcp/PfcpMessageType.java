package org.upf.pfcp;

import java.util.List;
import org.upf.pfcp.ie.IeType;

import static org.upf.pfcp.ie.IeType.CAUSE;
import static org.upf.pfcp.ie.IeType.CREATE_FAR;
import static org.upf.pfcp.ie.IeType.CREATE_PDR;
import static org.upf.pfcp.ie.IeType.F_SEID;
import static org.upf.pfcp.ie.IeType.NODE_ID;
import static org.upf.pfcp.ie.IeType.NODE_REPORT_TYPE;
import static org.upf.pfcp.ie.IeType.RECOVERY_TIME_STAMP;
import static org.upf.pfcp.ie.IeType.REPORT_TYPE;
import static org.upf.pfcp.ie.IeType.ALTERNATIVE_SMF_IP_ADDRESS;

/**
 * Message types, TS 29.244 §7.3 Table 7.3-1, with the IEs each message's table in §7.4/§7.5 marks
 * Mandatory (checked by {@link PfcpDecoder#strict()}). Node messages have no SEID (S=0), session
 * messages always carry one (S=1), §7.2.2.
 */
public enum PfcpMessageType {
    // §7.4.2 Heartbeat
    HEARTBEAT_REQUEST(1, "Heartbeat Request", "§7.4.2.1", Kind.NODE, 2, List.of(RECOVERY_TIME_STAMP)),
    HEARTBEAT_RESPONSE(2, "Heartbeat Response", "§7.4.2.2", Kind.NODE, 0, List.of(RECOVERY_TIME_STAMP)),
    // §7.4.3 PFD Management
    PFD_MANAGEMENT_REQUEST(3, "PFD Management Request", "§7.4.3.1", Kind.NODE, 4, List.of()),
    PFD_MANAGEMENT_RESPONSE(4, "PFD Management Response", "§7.4.3.2", Kind.NODE, 0, List.of(CAUSE)),
    // §7.4.4 Association Setup / Update / Release
    ASSOCIATION_SETUP_REQUEST(5, "Association Setup Request", "§7.4.4.1", Kind.NODE, 6, List.of(NODE_ID, RECOVERY_TIME_STAMP)),
    ASSOCIATION_SETUP_RESPONSE(6, "Association Setup Response", "§7.4.4.2", Kind.NODE, 0,
            List.of(NODE_ID, CAUSE, RECOVERY_TIME_STAMP)),
    ASSOCIATION_UPDATE_REQUEST(7, "Association Update Request", "§7.4.4.3", Kind.NODE, 8, List.of(NODE_ID)),
    ASSOCIATION_UPDATE_RESPONSE(8, "Association Update Response", "§7.4.4.4", Kind.NODE, 0, List.of(NODE_ID, CAUSE)),
    ASSOCIATION_RELEASE_REQUEST(9, "Association Release Request", "§7.4.4.5", Kind.NODE, 10, List.of(NODE_ID)),
    ASSOCIATION_RELEASE_RESPONSE(10, "Association Release Response", "§7.4.4.6", Kind.NODE, 0, List.of(NODE_ID, CAUSE)),
    // §7.4.4.7 Version Not Supported
    VERSION_NOT_SUPPORTED_RESPONSE(11, "Version Not Supported Response", "§7.4.4.7", Kind.NODE, 0, List.of()),
    // §7.4.5 Node Report
    NODE_REPORT_REQUEST(12, "Node Report Request", "§7.4.5.1", Kind.NODE, 13, List.of(NODE_ID, NODE_REPORT_TYPE)),
    NODE_REPORT_RESPONSE(13, "Node Report Response", "§7.4.5.2", Kind.NODE, 0, List.of(NODE_ID, CAUSE)),
    // §7.4.6 Session Set Deletion, §7.4.7 Session Set Modification
    SESSION_SET_DELETION_REQUEST(14, "Session Set Deletion Request", "§7.4.6.1", Kind.NODE, 15, List.of(NODE_ID)),
    SESSION_SET_DELETION_RESPONSE(15, "Session Set Deletion Response", "§7.4.6.2", Kind.NODE, 0, List.of(NODE_ID, CAUSE)),
    SESSION_SET_MODIFICATION_REQUEST(16, "Session Set Modification Request", "§7.4.7.1", Kind.NODE, 17,
            List.of(ALTERNATIVE_SMF_IP_ADDRESS)),
    SESSION_SET_MODIFICATION_RESPONSE(17, "Session Set Modification Response", "§7.4.7.2", Kind.NODE, 0,
            List.of(NODE_ID, CAUSE)),
    // §7.5.2 Session Establishment
    SESSION_ESTABLISHMENT_REQUEST(50, "Session Establishment Request", "§7.5.2", Kind.SESSION, 51,
            List.of(NODE_ID, F_SEID, CREATE_PDR, CREATE_FAR)),
    SESSION_ESTABLISHMENT_RESPONSE(51, "Session Establishment Response", "§7.5.3", Kind.SESSION, 0, List.of(NODE_ID, CAUSE)),
    // §7.5.4 Session Modification
    SESSION_MODIFICATION_REQUEST(52, "Session Modification Request", "§7.5.4", Kind.SESSION, 53, List.of()),
    SESSION_MODIFICATION_RESPONSE(53, "Session Modification Response", "§7.5.5", Kind.SESSION, 0, List.of(CAUSE)),
    // §7.5.6 Session Deletion
    SESSION_DELETION_REQUEST(54, "Session Deletion Request", "§7.5.6", Kind.SESSION, 55, List.of()),
    SESSION_DELETION_RESPONSE(55, "Session Deletion Response", "§7.5.7", Kind.SESSION, 0, List.of(CAUSE)),
    // §7.5.8 Session Report
    SESSION_REPORT_REQUEST(56, "Session Report Request", "§7.5.8", Kind.SESSION, 57, List.of(REPORT_TYPE)),
    SESSION_REPORT_RESPONSE(57, "Session Report Response", "§7.5.9", Kind.SESSION, 0, List.of(CAUSE));

    /** Node-related (no SEID) or session-related (SEID present), TS 29.244 §7.2.2. */
    public enum Kind { NODE, SESSION }

    private static final PfcpMessageType[] BY_CODE = new PfcpMessageType[256];

    static {
        for (PfcpMessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String displayName;
    private final String clause;
    private final Kind kind;
    private final int responseCode;
    private final List<IeType> mandatoryIes;

    PfcpMessageType(int code, String displayName, String clause, Kind kind, int responseCode,
                    List<IeType> mandatoryIes) {
        this.code = code;
        this.displayName = displayName;
        this.clause = clause;
        this.kind = kind;
        this.responseCode = responseCode;
        this.mandatoryIes = mandatoryIes;
    }

    public int code() {
        return code;
    }

    /** "PFCP " + this is the name TS 29.244 Table 7.3-1 and Wireshark use. */
    public String displayName() {
        return displayName;
    }

    /** The TS 29.244 clause defining this message, e.g. "§7.5.2". */
    public String clause() {
        return clause;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isSessionMessage() {
        return kind == Kind.SESSION;
    }

    public boolean isRequest() {
        return responseCode != 0;
    }

    public boolean isResponse() {
        return responseCode == 0;
    }

    /** The response type answering this request, or {@code null} for responses. */
    public PfcpMessageType responseType() {
        return responseCode == 0 ? null : forCode(responseCode);
    }

    /** The request this response answers, or {@code null} for requests and Version Not Supported. */
    public PfcpMessageType requestType() {
        for (PfcpMessageType t : values()) {
            if (t.responseCode == code) {
                return t;
            }
        }
        return null;
    }

    /** IEs marked M in this message's table (§7.4 / §7.5), in table order. */
    public List<IeType> mandatoryIes() {
        return mandatoryIes;
    }

    /** The type for a code, or {@code null} if the code is not a Release 17 message type. */
    public static PfcpMessageType forCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    public static String nameOf(int code) {
        PfcpMessageType t = forCode(code);
        return t != null ? t.displayName : "Unknown message " + code;
    }
}
