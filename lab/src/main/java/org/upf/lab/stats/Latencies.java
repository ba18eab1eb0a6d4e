package org.upf.lab.stats;

import java.util.Arrays;

/** Latency samples in nanoseconds from any thread; percentiles by nearest rank over all samples. */
public final class Latencies {
    private long[] samples = new long[1024];
    private int count;

    public synchronized void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    public synchronized int count() {
        return count;
    }

    /** The p-th percentile (0 < p <= 100) in nanoseconds, 0 without samples. */
    public synchronized long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)];
    }

    /** "p50 1.23 ms, p99 4.56 ms, max 7.89 ms (n samples)". */
    public String summary() {
        return String.format("p50 %s, p99 %s, max %s (%d samples)", millis(percentile(50)), millis(percentile(99)),
                millis(percentile(100)), count());
    }

    public static String millis(long nanos) {
        return String.format("%.3f ms", nanos / 1e6);
    }
}
