package org.upf.pfcp.node;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * Node settings for tests: ephemeral port on loopback, short timers so tests stay quick. T1 x (N1 + 1) is
 * over a second so that a loaded machine does not turn a slow answer into a timeout; tests of the timers
 * themselves set their own.
 */
final class NodeFixture {
    static final InetAddress V4 = InetAddress.getLoopbackAddress();
    static final Instant BOOT = Instant.parse("2026-11-21T06:00:00Z");

    private NodeFixture() {
    }

    static PfcpNodeConfig config(InetAddress address) {
        return PfcpNodeConfig.defaults().withBindAddress(new InetSocketAddress(address, 0))
                .withRetransmission(Duration.ofMillis(200), 5)
                .withHeartbeatInterval(Duration.ofMillis(50))
                .withRecoveryTimeStamp(BOOT);
    }

    static InetAddress v6() {
        try {
            return InetAddress.getByName("::1");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
