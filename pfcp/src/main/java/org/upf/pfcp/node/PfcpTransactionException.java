package org.upf.pfcp.node;

import java.net.InetSocketAddress;
import org.upf.pfcp.PfcpMessageType;

/** Why a request sent with {@link PfcpNode#send} got no usable response. */
public class PfcpTransactionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What ended the transaction. */
    public enum Reason {
        /** No response after N1 retransmissions (TS 29.244 §6.4); see {@link PfcpTimeoutException}. */
        TIMEOUT,
        /** The peer answered with a Version Not Supported Response (§7.4.4.7). */
        VERSION_NOT_SUPPORTED,
        /** The response did not decode; retransmission stops all the same (§7.6.1). */
        MALFORMED_RESPONSE,
        /** The response has the request's sequence number but is not its response type (§7.6.1). */
        UNEXPECTED_RESPONSE,
        /** The node was closed before a response arrived. */
        NODE_CLOSED
    }

    private final Reason reason;
    private final PfcpMessageType requestType;
    private final int sequence;
    private final transient InetSocketAddress peer;

    public PfcpTransactionException(Reason reason, PfcpMessageType requestType, int sequence,
                                    InetSocketAddress peer, String detail, Throwable cause) {
        super(requestType.displayName() + " seq " + sequence + " to " + peer + ": " + reason
                + (detail == null ? "" : " (" + detail + ")"), cause);
        this.reason = reason;
        this.requestType = requestType;
        this.sequence = sequence;
        this.peer = peer;
    }

    public Reason reason() {
        return reason;
    }

    public PfcpMessageType requestType() {
        return requestType;
    }

    public int sequence() {
        return sequence;
    }

    public InetSocketAddress peer() {
        return peer;
    }
}
