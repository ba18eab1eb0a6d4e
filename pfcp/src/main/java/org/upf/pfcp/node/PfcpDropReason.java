package org.upf.pfcp.node;

/** Why a {@link PfcpNode} dropped a received datagram or message without answering it (TS 29.244 §7.6). */
public enum PfcpDropReason {
    /** Larger than {@link PfcpNodeConfig#maxMessageSize()}. */
    OVERSIZE,
    /** Too short for a PFCP header, or a Message Length that does not fit the datagram (§7.6.3). */
    INVALID_LENGTH,
    /** Message type not defined (§7.6.4). */
    UNKNOWN_MESSAGE_TYPE,
    /** S flag inconsistent with the message type (§7.2.2.1). */
    INVALID_HEADER,
    /** A version other than 1 whose header could not be read to answer it (§7.6.2). */
    UNSUPPORTED_VERSION,
    /** A request that failed to decode for a reason the spec answers without a response. */
    MALFORMED_REQUEST,
    /** A response (or a malformed one) matching no outstanding request (§6.4). */
    UNMATCHED_RESPONSE,
    /** A retransmitted request whose first copy is still being handled (§6.4). */
    DUPLICATE_IN_PROGRESS,
    /** A request type no handler answers and that is not rejected (e.g. an incoming response type). */
    UNEXPECTED_MESSAGE,
    /** The codec threw something other than its typed decode error: a codec bug, logged. */
    CODEC_ERROR
}
