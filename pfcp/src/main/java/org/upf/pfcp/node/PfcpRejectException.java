package org.upf.pfcp.node;

import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpDecodeException;

/**
 * Thrown by (or completing the stage of) a {@link PfcpRequestHandler} to reject a request with a cause:
 * the node builds the rejection response itself, with the same sequence number, the peer's SEID, this
 * node's Node ID and Recovery Time Stamp where the response requires them, the cause and the Offending IE
 * (TS 29.244 §7.2.3.2 rejection responses, §8.2.1 causes, §8.2.22 Offending IE).
 */
public final class PfcpRejectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PfcpCause cause;
    private final int offendingIe;

    public PfcpRejectException(PfcpCause cause, int offendingIe, String detail) {
        super(cause.description() + (detail == null ? "" : ": " + detail), null, false, false);
        if (cause.isAccepted()) {
            throw new IllegalArgumentException(cause + " is an acceptance cause");
        }
        this.cause = cause;
        this.offendingIe = offendingIe;
    }

    public PfcpRejectException(PfcpCause cause, String detail) {
        this(cause, PfcpDecodeException.NO_IE, detail);
    }

    public PfcpCause pfcpCause() {
        return cause;
    }

    /** IE type for the Offending IE, or {@link PfcpDecodeException#NO_IE}. */
    public int offendingIe() {
        return offendingIe;
    }
}
