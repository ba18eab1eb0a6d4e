package org.upf.control.gtpu;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * At most one message per peer per interval (TS 29.281 §7.3.1 leaves the rate of Error Indications to the
 * implementation; a gNB that keeps sending on a dead tunnel must not make us flood it). Remembers at most
 * {@code maxPeers} peers: when full, peers whose interval has passed are forgotten first. Not thread-safe: one
 * caller (the event pump).
 */
final class PeerRateLimiter {
    private final long intervalNs;
    private final int maxPeers;
    private final Map<InetAddress, Long> last = new HashMap<>();

    PeerRateLimiter(Duration interval, int maxPeers) {
        this.intervalNs = interval.toNanos();
        this.maxPeers = maxPeers;
    }

    /** Whether peer may get a message at nowNs; if so, counts it. */
    boolean tryAcquire(InetAddress peer, long nowNs) {
        Long prev = last.get(peer);
        if (prev != null && nowNs - prev < intervalNs) {
            return false;
        }
        if (prev == null && last.size() >= maxPeers) {
            last.values().removeIf(t -> nowNs - t >= intervalNs);
            if (last.size() >= maxPeers) {
                return false; // every remembered peer is still within its interval: a flood, stay quiet
            }
        }
        last.put(peer, nowNs);
        return true;
    }
}
