package org.upf.control.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RepeatedFailureLogTest {
    static final long MS = 1_000_000L;

    @Test
    void aFailureEveryRoundIsLoggedOncePerMinuteWithACount() {
        RepeatedFailureLog log = new RepeatedFailureLog(System.getLogger(RepeatedFailureLogTest.class.getName()),
                "usage poll failed", Duration.ofMinutes(1));
        RuntimeException e = new IllegalStateException("map gone");
        long t0 = 5_000 * MS;
        assertThat(log.failed(t0, e)).isEqualTo("usage poll failed");
        int logged = 0;
        for (int round = 1; round < 6_000; round++) { // a minute of 10 ms rounds
            if (log.failed(t0 + round * 10 * MS, e) != null) {
                logged++;
            }
        }
        assertThat(logged).isZero();
        assertThat(log.failed(t0 + 60_000 * MS, e)).isEqualTo("usage poll failed (and 5999 times since the last"
                + " message)");
        assertThat(log.failed(t0 + 60_010 * MS, e)).isNull();
    }
}
