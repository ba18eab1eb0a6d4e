package org.upf.bench.dataplane;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Frames forwarded through the device under test, counted where they arrive; JMH reports them per second. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Forwarded {
    public long forwarded;

    @Setup(Level.Iteration)
    public void reset() {
        forwarded = 0;
    }
}
