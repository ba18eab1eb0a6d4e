package org.upf.control.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
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

    /** A full data path under a flood: one WARNING line per interval with the refusal's message, no stack trace. */
    @Test
    void aWarningCarriesTheMessageAndNoStackTrace() {
        List<String> lines = new ArrayList<>();
        System.Logger capture = new System.Logger() {
            @Override
            public String getName() {
                return "capture";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                lines.add(level + " " + msg + (thrown == null ? "" : " with a stack trace"));
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                lines.add(level + " " + format);
            }
        };
        RepeatedFailureLog log = RepeatedFailureLog.warning(capture, "data path full", Duration.ofSeconds(10));
        RuntimeException e = new IllegalStateException("no UE slot left for /198.19.220.5");
        for (int i = 0; i < 1_000; i++) {
            log.failed(i * MS, e);
        }
        assertThat(lines).containsExactly("WARNING data path full: no UE slot left for /198.19.220.5");
        log.failed(10_000 * MS, e);
        assertThat(lines).last().isEqualTo("WARNING data path full (and 999 times since the last message): no UE slot"
                + " left for /198.19.220.5");
    }
}
