package org.upf.pfcp.netty;

import java.net.InetSocketAddress;
import org.upf.pfcp.PfcpMessage;

/**
 * A PFCP message with its peer: inbound, {@code peer} is the sender; outbound, the recipient.
 * {@code local} is the local address the datagram arrived on (null outbound). {@code fingerprint} is a 64-bit hash
 * of the message's received octets (0 outbound): equal for a retransmission, which repeats the octets (TS 29.244
 * §6.4), so the receiver tells it from a new request reusing the sequence number without encoding it again.
 */
public record PfcpEnvelope(PfcpMessage message, InetSocketAddress peer, InetSocketAddress local, long fingerprint) {
    /** An outbound message (or one that was not received as octets): no local address, no fingerprint. */
    public PfcpEnvelope(PfcpMessage message, InetSocketAddress peer, InetSocketAddress local) {
        this(message, peer, local, 0);
    }
}
