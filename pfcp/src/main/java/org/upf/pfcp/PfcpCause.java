package org.upf.pfcp;

/**
 * Cause values, TS 29.244 §8.2.1 Table 8.2.1-1 (Release 17).
 * 1..63 are acceptance causes, 64..255 rejection causes.
 */
public enum PfcpCause {
    REQUEST_ACCEPTED(1, "Request accepted (success)"),
    MORE_USAGE_REPORT_TO_SEND(2, "More Usage Report to send"),
    REQUEST_PARTIALLY_ACCEPTED(3, "Request partially accepted"),
    REQUEST_REJECTED(64, "Request rejected (reason not specified)"),
    SESSION_CONTEXT_NOT_FOUND(65, "Session context not found"),
    MANDATORY_IE_MISSING(66, "Mandatory IE missing"),
    CONDITIONAL_IE_MISSING(67, "Conditional IE missing"),
    INVALID_LENGTH(68, "Invalid length"),
    MANDATORY_IE_INCORRECT(69, "Mandatory IE incorrect"),
    INVALID_FORWARDING_POLICY(70, "Invalid Forwarding Policy"),
    INVALID_F_TEID_ALLOCATION_OPTION(71, "Invalid F-TEID allocation option"),
    NO_ESTABLISHED_PFCP_ASSOCIATION(72, "No established PFCP Association"),
    RULE_CREATION_MODIFICATION_FAILURE(73, "Rule creation/modification Failure"),
    PFCP_ENTITY_IN_CONGESTION(74, "PFCP entity in congestion"),
    NO_RESOURCES_AVAILABLE(75, "No resources available"),
    SERVICE_NOT_SUPPORTED(76, "Service not supported"),
    SYSTEM_FAILURE(77, "System failure"),
    REDIRECTION_REQUESTED(78, "Redirection Requested"),
    ALL_DYNAMIC_ADDRESSES_ARE_OCCUPIED(79, "All dynamic addresses are occupied"),
    UNKNOWN_PRE_DEFINED_RULE(80, "Unknown Pre-defined Rule"),
    UNKNOWN_APPLICATION_ID(81, "Unknown Application ID"),
    L2TP_TUNNEL_ESTABLISHMENT_FAILURE(82, "L2TP tunnel Establishment failure"),
    L2TP_SESSION_ESTABLISHMENT_FAILURE(83, "L2TP session Establishment failure"),
    L2TP_TUNNEL_RELEASE(84, "L2TP tunnel release"),
    L2TP_SESSION_RELEASE(85, "L2TP session release"),
    PFCP_SESSION_RESTORATION_FAILURE(86, "PFCP session restoration failure due to requested SEID already in use");

    private static final PfcpCause[] BY_CODE = new PfcpCause[256];

    static {
        for (PfcpCause c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final String description;

    PfcpCause(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** Acceptance causes are 1..63 (TS 29.244 §8.2.1). */
    public boolean isAccepted() {
        return code < 64;
    }

    /** The cause for a code, or {@code null} if the code is not defined in Release 17. */
    public static PfcpCause forCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
