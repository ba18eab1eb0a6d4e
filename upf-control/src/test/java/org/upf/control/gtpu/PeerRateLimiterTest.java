package org.upf.control.gtpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeerRateLimiterTest {
    private static final long MS = 1_000_000L;

    @Test
    void onePerPeerPerInterval() throws Exception {
        PeerRateLimiter l = new PeerRateLimiter(Duration.ofMillis(100), 16);
        InetAddress a = InetAddress.getByName("198.18.3.2");
        InetAddress b = InetAddress.getByName("198.18.3.3");
        assertThat(l.tryAcquire(a, 0)).isTrue();
        assertThat(l.tryAcquire(a, 50 * MS)).isFalse();
        assertThat(l.tryAcquire(b, 50 * MS)).as("another peer has its own budget").isTrue();
        assertThat(l.tryAcquire(a, 100 * MS)).isTrue();
        assertThat(l.tryAcquire(a, 150 * MS)).isFalse();
    }

    @Test
    void zeroIntervalNeverLimits() throws Exception {
        PeerRateLimiter l = new PeerRateLimiter(Duration.ZERO, 16);
        InetAddress a = InetAddress.getByName("198.18.3.2");
        assertThat(l.tryAcquire(a, 5)).isTrue();
        assertThat(l.tryAcquire(a, 5)).isTrue();
    }

    @Test
    void aFullTableForgetsExpiredPeersAndOtherwiseStaysQuiet() throws Exception {
        PeerRateLimiter l = new PeerRateLimiter(Duration.ofMillis(100), 2);
        InetAddress a = InetAddress.getByName("198.18.3.2");
        InetAddress b = InetAddress.getByName("198.18.3.3");
        InetAddress c = InetAddress.getByName("198.18.3.4");
        assertThat(l.tryAcquire(a, 0)).isTrue();
        assertThat(l.tryAcquire(b, 10 * MS)).isTrue();
        assertThat(l.tryAcquire(c, 20 * MS)).as("table full, nobody expired").isFalse();
        assertThat(l.tryAcquire(c, 105 * MS)).as("a expired and was forgotten").isTrue();
        assertThat(l.tryAcquire(b, 106 * MS)).as("b still remembered, within its interval").isFalse();
    }
}
