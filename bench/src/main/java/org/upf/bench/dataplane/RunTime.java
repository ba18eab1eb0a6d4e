package org.upf.bench.dataplane;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The kernel's run statistics of the device under test's XDP program (BPF_ENABLE_STATS: run_time_ns, run_cnt)
 * during an iteration: {@code runNanos/runs} is the program's own time per packet on the live veth path, without
 * the generator, the transmit after the redirect or the receiver.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class RunTime {
    public long runNanos;
    public long runs;

    @Setup(Level.Iteration)
    public void reset() {
        runNanos = 0;
        runs = 0;
    }
}
