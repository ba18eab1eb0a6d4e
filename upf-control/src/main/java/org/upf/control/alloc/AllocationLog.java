package org.upf.control.alloc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the allocators handed out for one session request, so a restarted agent can rebuild the session with the
 * very slots, TEIDs, UE addresses and SEID that the (still running) data path uses: while recording, every
 * allocation's result is noted; while replaying, allocations take the noted values in the same order instead of
 * choosing. Off between requests. One thread (the PFCP event loop, or start-up).
 */
public final class AllocationLog {
    private final List<Long> recorded = new ArrayList<>();
    private Deque<Long> script;
    private boolean recording;

    /** Starts noting allocations (a new request). */
    public void record() {
        recorded.clear();
        script = null;
        recording = true;
    }

    /** Allocations from now on return these values in order (replaying a journaled request). */
    public void replay(List<Long> values) {
        recording = false;
        script = new ArrayDeque<>(values);
    }

    /** Back to plain allocation; returns what was noted since {@link #record()}. */
    public List<Long> stop() {
        recording = false;
        script = null;
        return recorded.isEmpty() ? List.of() : List.copyOf(recorded);
    }

    boolean replaying() {
        return script != null;
    }

    /** The next scripted value; an exhausted script means the journal does not match this request. */
    long next(String what) {
        Long v = script.pollFirst();
        if (v == null) {
            throw new IllegalStateException("journal replay: no recorded " + what + " allocation left");
        }
        return v;
    }

    void noted(long value) {
        if (recording) {
            recorded.add(value);
        }
    }
}
