package org.upf.control.alloc;

import org.upf.pfcp.PfcpCause;

/**
 * A pool ran dry. Carries the PFCP cause the request is rejected with (TS 29.244 §8.2.1): "No resources available"
 * (75) for TEIDs, SEIDs and data-path rule slots, "All dynamic addresses are occupied" (79) for UE address pools.
 */
public final class AllocationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PfcpCause cause;

    public AllocationException(PfcpCause cause, String message) {
        super(message);
        this.cause = cause;
    }

    public PfcpCause pfcpCause() {
        return cause;
    }
}
