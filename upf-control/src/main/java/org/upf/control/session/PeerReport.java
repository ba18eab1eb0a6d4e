package org.upf.control.session;

import java.net.InetSocketAddress;
import org.upf.pfcp.PfcpMessage;

/** A Session Report Request (TS 29.244 §7.5.8) and the CP function it goes to. */
public record PeerReport(PfcpMessage request, InetSocketAddress cp) {
}
