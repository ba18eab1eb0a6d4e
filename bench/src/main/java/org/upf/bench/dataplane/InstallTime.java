package org.upf.bench.dataplane;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How long the trial's set-up took to write its sessions into the maps, as a JMH aux counter: every invocation
 * adds the time once to {@link #installNanos} and 1 to {@link #invocations} (JMH sums EVENTS counters), so the
 * figure {@code installNanos/invocations} is the set-up's time.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class InstallTime {
    public long installNanos;
    public long invocations;

    @Setup(Level.Iteration)
    public void reset() {
        installNanos = 0;
        invocations = 0;
    }

    void add(long nanos) {
        installNanos += nanos;
        invocations++;
    }
}
