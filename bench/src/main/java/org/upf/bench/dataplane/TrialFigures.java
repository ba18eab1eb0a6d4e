package org.upf.bench.dataplane;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Figures the trial's set-up measured once, reported through JMH aux counters: every invocation adds them once
 * and 1 to {@link #invocations} (JMH sums EVENTS counters), so {@code installNanos/invocations} is the time the
 * set-up took to write the sessions and {@code progNanos/invocations} the device under test's own run time per
 * packet (see {@link LiveTraffic#programNanos}).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class TrialFigures {
    public double installNanos;
    public double progNanos;
    public long invocations;

    @Setup(Level.Iteration)
    public void reset() {
        installNanos = 0;
        progNanos = 0;
        invocations = 0;
    }

    void add(long install, double prog) {
        installNanos += install;
        progNanos += prog;
        invocations++;
    }
}
