package org.upf.pfcp.netty;

import java.net.InetSocketAddress;
import org.upf.pfcp.PfcpMessage;

/**
 * A PFCP message with its peer: inbound, {@code peer} is the sender; outbound, the recipient.
 * {@code local} is the local address the datagram arrived on (null outbound).
 */
public record PfcpEnvelope(PfcpMessage message, InetSocketAddress peer, InetSocketAddress local) {
}
