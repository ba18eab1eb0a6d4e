package org.upf.lab.stats;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Latency samples in nanoseconds from any thread; percentiles by nearest rank over all samples. */
public final class Latencies {
    private long[] samples = new long[1024];
    /** Start time (System.nanoTime) of each sample added with one, else 0: what {@link #writeTrace} writes. */
    private long[] starts = new long[1024];
    private int count;

    public synchronized void add(long nanos) {
        add(0, nanos);
    }

    /** A sample that started at startNanos (System.nanoTime, CLOCK_MONOTONIC on Linux, the clock of the JVM's logs). */
    public synchronized void add(long startNanos, long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count] = startNanos;
        samples[count++] = nanos;
    }

    /**
     * One line per sample in the order they completed, "start_ns latency_ns": to lay slow samples beside the
     * {@code timenanos} of a JVM's {@code -Xlog} (same clock, also across processes on one host).
     */
    public synchronized void writeTrace(Path file) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            for (int i = 0; i < count; i++) {
                w.println(starts[i] + " " + samples[i]);
            }
        }
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
