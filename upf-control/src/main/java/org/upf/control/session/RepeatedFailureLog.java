package org.upf.control.session;

import java.time.Duration;

/**
 * Logs a failure that may repeat many times a second (a usage poll round every 10 ms, a flood of establishments at a
 * full data path) at most once per interval: the first at once, then the next one after the interval with how many
 * were not logged meanwhile. Thread-safe.
 */
final class RepeatedFailureLog {
    private final System.Logger log;
    private final System.Logger.Level level;
    private final String what;
    private final long intervalNanos;
    private boolean logged;
    private long lastNanos;
    private long unlogged;

    /** Failures logged at ERROR with their stack trace (a fault to investigate). */
    RepeatedFailureLog(System.Logger log, String what, Duration interval) {
        this(log, System.Logger.Level.ERROR, what, interval);
    }

    private RepeatedFailureLog(System.Logger log, System.Logger.Level level, String what, Duration interval) {
        this.log = log;
        this.level = level;
        this.what = what;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Failures logged at WARNING with the exception's message and no stack trace: an expected condition (no room left)
     * that the operator should see, whose trace says nothing.
     */
    static RepeatedFailureLog warning(System.Logger log, String what, Duration interval) {
        return new RepeatedFailureLog(log, System.Logger.Level.WARNING, what, interval);
    }

    /** A failure at nowNanos (System.nanoTime()); returns the message logged, or null when only counted. */
    synchronized String failed(long nowNanos, Throwable e) {
        if (logged && nowNanos - lastNanos < intervalNanos) {
            unlogged++;
            return null;
        }
        String message = unlogged == 0 ? what : what + " (and " + unlogged + " times since the last message)";
        if (level == System.Logger.Level.ERROR) {
            log.log(level, message, e);
        } else {
            message += ": " + e.getMessage();
            log.log(level, message);
        }
        logged = true;
        lastNanos = nowNanos;
        unlogged = 0;
        return message;
    }
}
