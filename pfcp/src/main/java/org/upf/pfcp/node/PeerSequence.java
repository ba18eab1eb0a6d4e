package org.upf.pfcp.node;

import java.net.InetSocketAddress;

/** A transaction's identity: the peer's address and port plus the sequence number (TS 29.244 §6.4). */
record PeerSequence(InetSocketAddress peer, int sequence) {
}
