package org.upf.pfcp;

/**
 * What is wrong with a received PFCP message, and the cause TS 29.244 §7.6 prescribes for it.
 * A {@code null} cause means the spec has the receiver discard the message (or, for a different
 * version, answer with a Version Not Supported Response) rather than reject it with a cause.
 */
public enum PfcpProblem {
    /** §7.6.3: too short to contain the PFCP header, or the length field disagrees with the datagram. */
    MESSAGE_TOO_SHORT(null),
    /** §7.6.3: the header's length field points past the end of the datagram. */
    INVALID_MESSAGE_LENGTH(null),
    /** §7.6.2: version other than 1; answer with a Version Not Supported Response. */
    UNSUPPORTED_VERSION(null),
    /** §7.6 (unknown message): type not in Table 7.3-1; discard. */
    UNKNOWN_MESSAGE_TYPE(null),
    /** §7.2.2.1: S flag does not match the message type (node message with SEID or session message without). */
    INVALID_HEADER(null),
    /** §7.6 (invalid length IE), §8.1.1: an IE's length runs past the end of its message or grouped IE. */
    IE_LENGTH_OVERRUN(PfcpCause.INVALID_LENGTH),
    /** §7.6 (invalid length IE): an IE is shorter than its fields (length 0, one octet short, ...). */
    IE_TOO_SHORT(PfcpCause.INVALID_LENGTH),
    /** §7.6 (semantically incorrect IE): content is invalid, e.g. unknown Node ID type, nesting too deep. */
    IE_INCORRECT(PfcpCause.MANDATORY_IE_INCORRECT),
    /** §7.6 (missing IE): a mandatory IE is absent from the message or from a grouped IE. */
    MANDATORY_IE_MISSING(PfcpCause.MANDATORY_IE_MISSING),
    /** §7.6 (missing IE): a conditional IE is absent although its condition holds. */
    CONDITIONAL_IE_MISSING(PfcpCause.CONDITIONAL_IE_MISSING);

    private final PfcpCause cause;

    PfcpProblem(PfcpCause cause) {
        this.cause = cause;
    }

    public PfcpCause cause() {
        return cause;
    }
}
