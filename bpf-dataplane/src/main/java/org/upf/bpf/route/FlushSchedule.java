package org.upf.bpf.route;

/**
 * When to flush the next-hop cache after routing changes: at most once per interval, so a storm of changes (a
 * routing daemon installing a table) costs one flush per interval rather than one per message, and never later
 * than one interval after a change. A flush also waits a settle time after the change it follows: a packet that
 * asked the FIB just before the change and stores its answer just after the flush would otherwise bring the old
 * next hop back for a TTL. Times are System.nanoTime() values.
 */
final class FlushSchedule {
    private final long intervalNanos;
    private final long settleNanos;
    private long lastFlush;
    private long due;
    private boolean pending;

    FlushSchedule(long intervalNanos, long settleNanos, long now) {
        if (settleNanos > intervalNanos) {
            throw new IllegalArgumentException("settle time " + settleNanos + " ns beyond the interval");
        }
        this.intervalNanos = intervalNanos;
        this.settleNanos = settleNanos;
        this.lastFlush = now - intervalNanos;
    }

    /** A change was seen at now. */
    void changed(long now) {
        if (!pending) {
            pending = true;
            due = Math.max(now + settleNanos, lastFlush + intervalNanos);
        }
    }

    boolean pending() {
        return pending;
    }

    /** Nanoseconds until the pending flush is due (0: now), or -1 without one. */
    long nanosUntilDue(long now) {
        return pending ? Math.max(0, due - now) : -1;
    }

    /** The pending flush ran at now. */
    void flushed(long now) {
        pending = false;
        lastFlush = now;
    }
}
