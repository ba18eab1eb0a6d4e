package org.upf.control.session;

import java.time.Duration;

/**
 * Logs a failure that may repeat many times a second (a usage poll round every 10 ms) at most once per interval: the
 * first at once, then the next one after the interval with how many were not logged meanwhile. One thread only.
 */
final class RepeatedFailureLog {
    private final System.Logger log;
    private final String what;
    private final long intervalNanos;
    private boolean logged;
    private long lastNanos;
    private long unlogged;

    RepeatedFailureLog(System.Logger log, String what, Duration interval) {
        this.log = log;
        this.what = what;
        this.intervalNanos = interval.toNanos();
    }

    /** A failure at nowNanos (System.nanoTime()); returns the message logged, or null when only counted. */
    String failed(long nowNanos, Throwable e) {
        if (logged && nowNanos - lastNanos < intervalNanos) {
            unlogged++;
            return null;
        }
        String message = unlogged == 0 ? what : what + " (and " + unlogged + " times since the last message)";
        log.log(System.Logger.Level.ERROR, message, e);
        logged = true;
        lastNanos = nowNanos;
        unlogged = 0;
        return message;
    }
}
