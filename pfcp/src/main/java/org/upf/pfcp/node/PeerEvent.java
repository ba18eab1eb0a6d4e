package org.upf.pfcp.node;

import java.net.InetAddress;

/** What a {@link PfcpNode} learns about its peers (TS 29.244 §6.2.2, §6.2.3). */
public sealed interface PeerEvent {

    InetAddress peer();

    /**
     * The peer's Recovery Time Stamp changed: it restarted and lost its PFCP state (§6.2.3, §19A of
     * TS 23.007). Values are NTP seconds (§8.2.65).
     */
    record Restarted(InetAddress peer, long oldRecoveryTimeStamp, long newRecoveryTimeStamp) implements PeerEvent {
    }

    /** A monitored peer did not answer a Heartbeat Request sent N1 + 1 times (§6.2.2, §6.4). */
    record Unreachable(InetAddress peer) implements PeerEvent {
    }

    /** A peer reported {@link Unreachable} answered a Heartbeat Request again. */
    record Reachable(InetAddress peer) implements PeerEvent {
    }
}
