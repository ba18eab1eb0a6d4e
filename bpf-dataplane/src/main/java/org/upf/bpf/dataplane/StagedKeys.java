package org.upf.bpf.dataplane;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Dataplane}'s book of one staging map (upf_teidstg_v1 keyed by TEID, upf_dlstg_v1 by dense slot): the
 * keys finished modifications left in it ("kept"), oldest first, and the keys whose slot may not hold what the
 * callers' rules say ("unsure": a modification that threw part-way, or a load that finished a staged one). Used from
 * the Dataplane's write methods, which are mutually exclusive.
 *
 * <p>A packet that read a slot closed looks its staging key up a moment later; a key deleted right after the slot
 * opened again can be gone by then if the reading CPU stalls (a vCPU preempted for tens of microseconds: the packet
 * then finds no rule). So a kept key is deleted only {@link #KEEP_NANOS} after its modification finished, or when
 * its slot is closed by another path (removal, a dense slot taken over or demoted: then first, as the program would
 * otherwise lead the closed slot's packets to it).
 */
final class StagedKeys {
    /**
     * How long a kept key outlives its modification at least: far beyond any stall of a reader between its gate read
     * and its staging lookup (a few instructions, in an RCU read-side section).
     */
    static final long KEEP_NANOS = 10_000_000L;
    /**
     * Keys kept at most (of the staging maps' 1024), so the next modification's keys always fit. Ample at the
     * target rate: at 10,000 modifications/s the keys younger than {@link #KEEP_NANOS} are those of the last 100
     * modifications, a few each (the changed TEID sets and dense slots of one session); past this bound the oldest
     * go first, young or not.
     */
    static final int MAX_KEPT = 768;

    /** Key -> System.nanoTime() when its modification finished, in that order. */
    private final LinkedHashMap<Integer, Long> kept = new LinkedHashMap<>();
    private final Set<Integer> unsure = new HashSet<>();

    /** The keys of a modification that finished (or threw) at now; a key kept again moves to the end. */
    void keep(Collection<Integer> keys, long now) {
        for (int key : keys) {
            kept.remove(key);
            kept.put(key, now);
        }
    }

    /**
     * Takes the kept keys to delete before a modification staging restaged (whose keys the staging update replaces
     * whole, so they are neither deleted nor counted twice): those older than {@link #KEEP_NANOS}, then the oldest
     * until the kept and restaged keys fit in {@link #MAX_KEPT}.
     */
    List<Integer> due(long now, Collection<Integer> restaged) {
        List<Integer> out = new ArrayList<>();
        long fresh = restaged.stream().filter(k -> !kept.containsKey(k)).count();
        for (Iterator<Map.Entry<Integer, Long>> i = kept.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<Integer, Long> e = i.next();
            if (restaged.contains(e.getKey())) {
                continue;
            }
            if (now - e.getValue() < KEEP_NANOS && kept.size() + fresh <= MAX_KEPT) {
                break; // the rest are younger still
            }
            out.add(e.getKey());
            i.remove();
        }
        return out;
    }

    /** Takes every kept key. */
    List<Integer> all() {
        List<Integer> out = new ArrayList<>(kept.keySet());
        kept.clear();
        return out;
    }

    /** Nanoseconds until every kept key is due. */
    long untilAllDue(long now) {
        return kept.values().stream().mapToLong(t -> t + KEEP_NANOS - now).max().orElse(0);
    }

    /** Forgets key (its slot closes by another path); returns whether it was kept, i.e. is to be deleted. */
    boolean drop(int key) {
        return kept.remove(key) != null;
    }

    /** Whether key's slot may hold other octets than the rules of its session say. */
    boolean unsure(int key) {
        return unsure.contains(key);
    }

    void markUnsure(Collection<Integer> keys) {
        unsure.addAll(keys);
    }

    /** Key's slot was written through (closed as held, then rewritten, or closed by removal). */
    void sure(int key) {
        unsure.remove(key);
    }
}
