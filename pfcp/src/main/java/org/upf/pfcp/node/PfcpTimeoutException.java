package org.upf.pfcp.node;

import java.net.InetSocketAddress;
import org.upf.pfcp.PfcpMessageType;

/** The peer did not answer a request sent {@code attempts} times, T1 apart (TS 29.244 §6.4). */
public final class PfcpTimeoutException extends PfcpTransactionException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    public PfcpTimeoutException(PfcpMessageType requestType, int sequence, InetSocketAddress peer, int attempts) {
        super(Reason.TIMEOUT, requestType, sequence, peer, "no response after " + attempts + " transmissions", null);
        this.attempts = attempts;
    }

    /** Transmissions made: the first plus N1 retransmissions. */
    public int attempts() {
        return attempts;
    }
}
