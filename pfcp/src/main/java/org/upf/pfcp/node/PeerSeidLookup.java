package org.upf.pfcp.node;

import java.net.InetSocketAddress;
import org.upf.pfcp.PfcpHeader;

/**
 * Finds the peer's SEID for the session a request header names (our SEID), for the header of a rejection
 * response (TS 29.244 §7.2.2.4.2); 0 if the session is unknown.
 */
@FunctionalInterface
public interface PeerSeidLookup {
    PeerSeidLookup NONE = (header, peer) -> 0;

    long peerSeid(PfcpHeader requestHeader, InetSocketAddress peer);
}
