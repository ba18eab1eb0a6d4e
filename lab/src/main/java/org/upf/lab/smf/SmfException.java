package org.upf.lab.smf;

import org.upf.pfcp.PfcpCause;

/** A procedure the UPF did not accept (cause), or that failed on the way (timeout, malformed answer). */
public final class SmfException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient PfcpCause cause;

    public SmfException(String message, PfcpCause cause, Throwable failure) {
        super(message + (cause == null ? "" : ": cause " + cause.code() + " " + cause.description()), failure);
        this.cause = cause;
    }

    /** The UPF's cause, or null if no response arrived. */
    public PfcpCause pfcpCause() {
        return cause;
    }
}
