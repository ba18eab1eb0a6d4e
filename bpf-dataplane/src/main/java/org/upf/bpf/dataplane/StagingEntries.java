package org.upf.bpf.dataplane;

import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@link Dataplane}'s book of one staging ARRAY (upf_teidstg_v2 by TEID slot, upf_dlstg_v2 by dense slot): the
 * entries that may be open (a modification opened them; their slot's removal, takeover or demotion closes them, so
 * only those need a write then), and the keys (TEID, dense slot) whose slot may not hold what the callers' rules say
 * ("unsure": a modification that threw part-way, or a load that found a staging entry its slot does not match). Used
 * from the Dataplane's write methods, which are mutually exclusive.
 */
final class StagingEntries {
    private final BitSet open = new BitSet();
    private final Set<Integer> unsure = new HashSet<>();

    /** A write opening the staging entry at index is queued. */
    void opened(int index) {
        open.set(index);
    }

    boolean mayBeOpen(int index) {
        return open.get(index);
    }

    /** The staging entry at index was closed by its gate. */
    void closed(int index) {
        open.clear(index);
    }

    /** Whether key's slot may hold other octets than the rules of its session say. */
    boolean unsure(int key) {
        return unsure.contains(key);
    }

    void markUnsure(Collection<Integer> keys) {
        unsure.addAll(keys);
    }

    /** Key's slot was written through (rewritten, or closed by removal). */
    void sure(int key) {
        unsure.remove(key);
    }
}
