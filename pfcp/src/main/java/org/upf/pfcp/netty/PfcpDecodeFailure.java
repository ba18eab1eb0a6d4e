package org.upf.pfcp.netty;

import java.net.InetSocketAddress;
import org.upf.pfcp.PfcpDecodeException;

/**
 * A datagram that did not decode, passed down the pipeline as a message (not an exception) so the node
 * knows the sender and can answer with {@link PfcpDecodeException#cause()} and the Offending IE, or
 * send a Version Not Supported Response, or count and drop it (TS 29.244 §7.6).
 */
public record PfcpDecodeFailure(PfcpDecodeException error, InetSocketAddress peer, InetSocketAddress local) {
}
