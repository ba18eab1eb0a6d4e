package org.upf.lab.smf;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.upf.lab.stats.Latencies;

/**
 * Signalling load: runs a PFCP procedure {@code count} times at most {@code ratePerSecond}, with at most
 * {@code window} outstanding, and stops issuing after {@code limit} (bounded in count and time). Measures each
 * transaction from send to response.
 */
public final class LoadGenerator {
    private final double ratePerSecond;
    private final int window;
    private final Duration limit;

    public LoadGenerator(double ratePerSecond, int window, Duration limit) {
        if (ratePerSecond <= 0 || window < 1 || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("rate, window and limit must be positive");
        }
        this.ratePerSecond = ratePerSecond;
        this.window = window;
        this.limit = limit;
    }

    /** The outcome of one run. */
    public record Result(String procedure, int requested, int succeeded, Map<String, Integer> failures,
                         Duration elapsed, Latencies latencies) {
        public int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }

        public double perSecond() {
            return elapsed.isZero() ? 0 : succeeded * 1e9 / elapsed.toNanos();
        }

        /** One line: "establishment: 100/100 ok in 0.52 s = 192.3/s; latency p50 ..., failures {...}". */
        public String summary() {
            return String.format("%s: %d/%d ok in %.2f s = %.1f/s; latency %s%s", procedure, succeeded, requested,
                    elapsed.toNanos() / 1e9, perSecond(), latencies.summary(),
                    failures.isEmpty() ? "" : "; failures " + failures);
        }
    }

    /** Runs operation(i) for i in [0, count); each returns the future of one transaction. */
    public Result run(String procedure, int count, IntFunction<CompletableFuture<?>> operation) {
        Semaphore slots = new Semaphore(window);
        Latencies latencies = new Latencies();
        AtomicInteger ok = new AtomicInteger();
        Map<String, Integer> failures = new TreeMap<>();
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        int issued = 0;
        try {
            for (; issued < count; issued++) {
                long due = start + (long) (issued * 1e9 / ratePerSecond);
                long now = System.nanoTime();
                if (due > now) {
                    TimeUnit.NANOSECONDS.sleep(due - now);
                }
                if (System.nanoTime() >= deadline || !slots.tryAcquire(deadline - System.nanoTime(),
                        TimeUnit.NANOSECONDS)) {
                    break;
                }
                long sent = System.nanoTime();
                CompletableFuture<?> f;
                try {
                    f = operation.apply(issued);
                } catch (RuntimeException e) {
                    slots.release();
                    fail(failures, e);
                    continue;
                }
                f.whenComplete((v, e) -> {
                    if (e == null) {
                        latencies.add(sent, System.nanoTime() - sent);
                        ok.incrementAndGet();
                    } else {
                        fail(failures, e);
                    }
                    slots.release();
                });
            }
            // Wait for the outstanding transactions: each ends with its response or the node's T1 x (N1 + 1) timeout.
            if (!slots.tryAcquire(window, limit.toNanos() + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
                fail(failures, new IllegalStateException("transactions still outstanding at the end"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(failures, e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        synchronized (failures) {
            if (issued < count) {
                failures.put("not sent within " + limit, count - issued);
            }
            return new Result(procedure, count, ok.get(), Map.copyOf(failures), elapsed, latencies);
        }
    }

    private static void fail(Map<String, Integer> failures, Throwable e) {
        Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        String key = c instanceof SmfException se && se.pfcpCause() != null ? "cause " + se.pfcpCause().code()
                : c.getClass().getSimpleName();
        synchronized (failures) {
            failures.merge(key, 1, Integer::sum);
        }
    }
}
