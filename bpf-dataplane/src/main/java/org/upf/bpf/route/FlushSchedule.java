package org.upf.bpf.route;

/**
 * When to flush the next-hop cache after routing changes: at most once per interval, so a storm of changes (a
 * routing daemon installing a table) costs one flush per interval rather than one per message, and never later
 * than one interval after a change. The interval grows to ten times the last flush's duration where flushes are
 * slow (a flush zeroes 16384 slots per CPU: ~1.7 ms with 2 CPUs, tens of ms with many), so flushing takes at
 * most a tenth of one CPU during a storm. A flush also waits a settle time after the change it follows: a packet
 * that asked the FIB just before the change and stores its answer just after the flush would otherwise bring the
 * old next hop back for a TTL; a change that comes less than the settle time before a flush coalesced into it
 * therefore gets one more flush after it. Times are System.nanoTime() values.
 */
final class FlushSchedule {
    /** Flush duration x this = the least time from one flush's start to the next one's. */
    private static final int DUTY = 10;
    private final long intervalNanos;
    private final long settleNanos;
    private long gap;
    private long lastFlush;
    private long due;
    private boolean pending;
    /** When the latest change was seen. */
    private long lastChange;

    FlushSchedule(long intervalNanos, long settleNanos, long now) {
        if (settleNanos > intervalNanos) {
            throw new IllegalArgumentException("settle time " + settleNanos + " ns beyond the interval");
        }
        this.intervalNanos = intervalNanos;
        this.settleNanos = settleNanos;
        this.gap = intervalNanos;
        this.lastFlush = now - intervalNanos;
    }

    /** A change was seen at now. */
    void changed(long now) {
        lastChange = now;
        if (!pending) {
            pending = true;
            due = Math.max(now + settleNanos, lastFlush + gap);
        }
    }

    boolean pending() {
        return pending;
    }

    /** Nanoseconds until the pending flush is due (0: now), or -1 without one. */
    long nanosUntilDue(long now) {
        return pending ? Math.max(0, due - now) : -1;
    }

    /**
     * The pending flush ran from started to ended. It covers the changes seen at least the settle time before it
     * started; a later one (coalesced in while this flush was pending) keeps a flush pending, after its settle time
     * and the gap.
     */
    void flushed(long started, long ended) {
        lastFlush = started;
        gap = Math.max(intervalNanos, (ended - started) * DUTY);
        pending = lastChange + settleNanos > started;
        if (pending) {
            due = Math.max(lastChange + settleNanos, lastFlush + gap);
        }
    }
}
