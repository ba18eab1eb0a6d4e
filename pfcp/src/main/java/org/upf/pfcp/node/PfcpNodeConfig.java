package org.upf.pfcp.node;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.upf.pfcp.PfcpRejection;
import java.time.Instant;
import org.upf.pfcp.ie.NodeId;

/**
 * Settings of a {@link PfcpNode}. Every value is checked when the record is built; a bad value stops
 * start-up with a message naming the setting.
 *
 * @param bindAddress           local address and UDP port; PFCP uses port 8805 (TS 29.244 §4.2.2)
 * @param t1                    T1, the time to wait for a response before retransmitting a request
 *                              (TS 29.244 §6.4; the value is implementation specific)
 * @param n1                    N1, how many times a request is retransmitted before giving up, so a
 *                              request is sent at most N1 + 1 times (§6.4)
 * @param maxMessageSize        largest datagram accepted, in octets; larger ones are dropped and counted
 * @param responseCacheTtl      how long the response to a received request is kept to answer its
 *                              retransmissions (§6.4); should exceed the peers' T1 x (N1 + 1)
 * @param responseCacheMaxEntries bound on the number of cached responses (oldest evicted first)
 * @param heartbeatInterval     period of the Heartbeat Requests to monitored peers (§6.2.2);
 *                              {@link Duration#ZERO} disables periodic heartbeats
 * @param recoveryTimeStamp     this node's start time, sent in the Recovery Time Stamp IE (§8.2.65)
 * @param nodeId                this node's Node ID, added to rejection responses of node messages whose
 *                              table marks Node ID mandatory; may be {@code null}
 * @param nativeTransport       use epoll when the native library is available (NIO otherwise)
 */
public record PfcpNodeConfig(InetSocketAddress bindAddress, Duration t1, int n1, int maxMessageSize,
                             Duration responseCacheTtl, int responseCacheMaxEntries,
                             Duration heartbeatInterval, Instant recoveryTimeStamp, NodeId nodeId,
                             boolean nativeTransport) {

    /** The IANA port of PFCP (TS 29.244 §4.2.2). */
    public static final int PFCP_PORT = 8805;
    /** Largest UDP payload (65535 minus the IPv4 and UDP headers); more cannot arrive in one datagram. */
    public static final int MAX_UDP_PAYLOAD = 65507;
    /**
     * The response cache's default bound: §6.4 leaves T1 and N1 to the sender, and at a high request rate the bound,
     * not the 60 s, decides how long a response stays. 131,072 keep 12 s (T1 x (N1 + 1) with the default T1 3 s and
     * N1 3) of responses at up to 10,900 requests/s, the rate the signalling benchmark offers; at about 200 bytes per
     * cached response (its octets) that is about 26 MB when full.
     */
    public static final int DEFAULT_CACHED_RESPONSES = 131_072;

    public PfcpNodeConfig {
        require(bindAddress != null, "bindAddress", "must be set");
        require(isPositive(t1), "t1", "must be positive, was " + t1);
        require(n1 >= 0 && n1 <= 100, "n1", "must be in 0..100, was " + n1);
        require(maxMessageSize >= 16 && maxMessageSize <= MAX_UDP_PAYLOAD, "maxMessageSize",
                "must be in 16.." + MAX_UDP_PAYLOAD + ", was " + maxMessageSize);
        require(isPositive(responseCacheTtl), "responseCacheTtl", "must be positive, was " + responseCacheTtl);
        require(responseCacheMaxEntries > 0, "responseCacheMaxEntries",
                "must be positive, was " + responseCacheMaxEntries);
        require(heartbeatInterval != null && !heartbeatInterval.isNegative(), "heartbeatInterval",
                "must be zero (off) or positive, was " + heartbeatInterval);
        require(recoveryTimeStamp != null, "recoveryTimeStamp", "must be set");
    }

    /**
     * Defaults: all addresses on port 8805, T1 3 s, N1 3, 65507-octet messages, responses cached 60 s
     * (at most {@value #DEFAULT_CACHED_RESPONSES}), heartbeats every 10 s, recovery time stamp = now, no Node ID,
     * epoll if available.
     */
    public static PfcpNodeConfig defaults() {
        return new PfcpNodeConfig(new InetSocketAddress(PFCP_PORT), Duration.ofSeconds(3), 3, MAX_UDP_PAYLOAD,
                Duration.ofSeconds(60), DEFAULT_CACHED_RESPONSES, Duration.ofSeconds(10), Instant.now(), null, true);
    }


    public PfcpNodeConfig withBindAddress(InetSocketAddress v) {
        return new PfcpNodeConfig(v, t1, n1, maxMessageSize, responseCacheTtl, responseCacheMaxEntries,
                heartbeatInterval, recoveryTimeStamp, nodeId, nativeTransport);
    }

    public PfcpNodeConfig withRetransmission(Duration newT1, int newN1) {
        return new PfcpNodeConfig(bindAddress, newT1, newN1, maxMessageSize, responseCacheTtl,
                responseCacheMaxEntries, heartbeatInterval, recoveryTimeStamp, nodeId, nativeTransport);
    }

    public PfcpNodeConfig withMaxMessageSize(int v) {
        return new PfcpNodeConfig(bindAddress, t1, n1, v, responseCacheTtl, responseCacheMaxEntries,
                heartbeatInterval, recoveryTimeStamp, nodeId, nativeTransport);
    }

    public PfcpNodeConfig withResponseCache(Duration ttl, int maxEntries) {
        return new PfcpNodeConfig(bindAddress, t1, n1, maxMessageSize, ttl, maxEntries, heartbeatInterval,
                recoveryTimeStamp, nodeId, nativeTransport);
    }

    public PfcpNodeConfig withHeartbeatInterval(Duration v) {
        return new PfcpNodeConfig(bindAddress, t1, n1, maxMessageSize, responseCacheTtl, responseCacheMaxEntries,
                v, recoveryTimeStamp, nodeId, nativeTransport);
    }

    public PfcpNodeConfig withRecoveryTimeStamp(Instant v) {
        return new PfcpNodeConfig(bindAddress, t1, n1, maxMessageSize, responseCacheTtl, responseCacheMaxEntries,
                heartbeatInterval, v, nodeId, nativeTransport);
    }

    public PfcpNodeConfig withNodeId(NodeId v) {
        return new PfcpNodeConfig(bindAddress, t1, n1, maxMessageSize, responseCacheTtl, responseCacheMaxEntries,
                heartbeatInterval, recoveryTimeStamp, v, nativeTransport);
    }

    public PfcpNodeConfig withNativeTransport(boolean v) {
        return new PfcpNodeConfig(bindAddress, t1, n1, maxMessageSize, responseCacheTtl, responseCacheMaxEntries,
                heartbeatInterval, recoveryTimeStamp, nodeId, v);
    }

    /** The Recovery Time Stamp IE value: seconds since 1900-01-01 00:00 UTC as in NTP (§8.2.65). */
    public long recoveryTimeStampNtp() {
        return NtpTime.seconds(recoveryTimeStamp);
    }

    /** This node as the sender of rejections (§7.6): its Node ID and Recovery Time Stamp. */
    public PfcpRejection.Self self() {
        return new PfcpRejection.Self(nodeId, recoveryTimeStampNtp());
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isZero() && !d.isNegative();
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException("PFCP node setting '" + key + "' " + message);
        }
    }
}
