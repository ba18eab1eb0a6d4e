package org.upf.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH aux counters for the CPU time (user + system) of the benchmark thread per iteration, and the operations
 * it did meanwhile (the benchmark adds them to {@link #ops}). Unlike JMH's wall-clock score, CPU time does not
 * grow while other processes hold the core, so {@code cpuNanos/ops} stays meaningful on a shared, busy host.
 * Use as a benchmark method parameter and declare e.g.
 * {@code @Figure(name = "x.cpu", metric = "cpuNanos/ops", unit = "cpu-ns/op")}.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long cpuNanos;
    public long ops;
    private long start;

    @Setup(Level.Iteration)
    public void start() {
        ops = 0;
        cpuNanos = 0;
        start = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
        cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
    }
}
