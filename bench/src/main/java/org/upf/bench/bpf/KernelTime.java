package org.upf.bench.bpf;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH aux counters for the kernel's own run time of BPF_PROG_TEST_RUN, summed per iteration. After a test run with
 * repeat R add {@code durationNs * R} to {@link #kernelNanos} (the kernel reports the average per run) and R to
 * {@link #packets}; declare {@code @Figure(..., metric = "kernelNanos/packets", unit = "ns/packet")}. The kernel
 * leaves out the time the thread was scheduled out, so the figure holds on a busy host.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class KernelTime {
    public long kernelNanos;
    public long packets;

    @Setup(Level.Iteration)
    public void reset() {
        kernelNanos = 0;
        packets = 0;
    }
}
