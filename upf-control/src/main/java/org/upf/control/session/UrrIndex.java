package org.upf.control.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The URRs the usage poller must read in a round, found without visiting every session (a scan of 1M sessions per
 * second costs about a tenth of a core in cache misses alone): the URRs whose volume triggers watch the counters
 * (VOLTH, VOLQU with quota left) once per pass, the others in the round of the second their next time trigger (PERIO,
 * TIMTH, TIMQU; whole seconds, §8.2.14, §8.2.15, §8.2.51) comes due, from buckets by that second. A pass (one poll
 * interval) is made of several rounds, each giving out its share of the volume-watched URRs (about 1/rounds of their
 * slot range), so that the reads are
 * spread over the interval rather than done in one burst that holds a CPU for tens of milliseconds (docs/performance.md,
 * "Scheduling the event loop first"). Session records
 * that an establishment or modification committed arrive from the PFCP event loop ({@link #track}) and are taken in
 * by the poller at the start of each round; an entry whose session or meter is gone is dropped when the poller meets
 * it. Everything but {@link #track} runs on the poller thread.
 */
final class UrrIndex {
    /** No time trigger queued (UrrMeter.indexedSecond). */
    static final long NONE = Long.MIN_VALUE;

    /** A URR: its session, its data-path slot (fixed for the URR's life), its meter, the second it is indexed by. */
    private record Entry(long seid, int slot, UrrMeter meter, long second) {
    }

    /** Receives a URR to read: its session as it is now, its data-path slot, its meter. */
    @FunctionalInterface
    interface Found {
        void accept(SessionRecord s, int slot, UrrMeter m);
    }

    private final Queue<SessionRecord> inbox = new ConcurrentLinkedQueue<>();
    private static final Comparator<Entry> BY_SLOT = Comparator.comparingInt(Entry::slot);

    /**
     * The volume-watched URRs, in slot order up to {@link #passEnd} (sorted at the start of each pass), then those
     * indexed since; null where one was dropped during the pass (removed at its end).
     */
    private final List<Entry> volume = new ArrayList<>();
    /** The end of this pass's URRs in {@link #volume}. */
    private int passEnd;
    /** The first volume-watched URR not given out yet in this pass. */
    private int volumeCursor;
    /** The meters of this round's share of the volume-watched URRs, when a time trigger of one of them is due too. */
    private final Set<UrrMeter> givenOut = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Epoch second -> the URRs whose next time trigger is due by then (insertion costs no ordering). */
    private final Map<Long, List<Entry>> seconds = new HashMap<>();
    /** The first second whose bucket has not been taken yet. */
    private long cursor = NONE;

    /** A session record was put in place (any thread): its URRs are (re)indexed at the next round. */
    void track(SessionRecord s) {
        inbox.add(s);
    }

    /**
     * Gives out, once each with its current session record, the live URRs that may be due at now: a share of the
     * volume-watched ones (the slot range left in this pass divided by roundsLeft, the rounds left in the pass counting this
     * one: with 1, all that are left, and the next round starts a new pass) and every one whose time trigger came due.
     * Call {@link #reindex} for each afterwards (a report moves its times).
     */
    void collect(Instant now, SessionService sessions, int roundsLeft, Found out) {
        long current = now.getEpochSecond();
        if (cursor == NONE) {
            cursor = current;
        }
        for (SessionRecord s = inbox.poll(); s != null; s = inbox.poll()) {
            for (int u = 0; u < s.urrCount(); u++) {
                reindex(s.seid, s.urrSlot(u), s.meter(u));
            }
        }
        if (volumeCursor == 0) {
            // A new pass: without the URRs dropped in the last one, in slot order, so that a round's share is a narrow
            // range of slots (Dataplane.usages reads every slot between a round's lowest and highest). URRs indexed
            // during a pass wait for the next one: at most one poll interval, as between any two reads of a slot.
            volume.removeIf(Objects::isNull);
            volume.sort(BY_SLOT); // mostly sorted already: the last pass's list and a tail of new URRs
            passEnd = volume.size();
        }
        int from = volumeCursor;
        int end = shareEnd(from, roundsLeft);
        for (int i = from; i < end; i++) {
            Entry e = volume.get(i);
            if (e == null) {
                continue;
            }
            SessionRecord s = sessions.current(e.seid);
            int u = urrOf(s, e.meter);
            if (u < 0 || !e.meter.watchesVolume()) {
                e.meter.volumeIndexed = false;
                volume.set(i, null);
                continue;
            }
            out.accept(s, s.urrSlot(u), e.meter);
        }
        volumeCursor = roundsLeft <= 1 ? 0 : end;
        boolean shared = end - from < volume.size(); // some volume-watched URRs are given out in other rounds
        for (; cursor <= current; cursor++) {
            List<Entry> due = seconds.remove(cursor);
            for (int i = 0; due != null && i < due.size(); i++) {
                Entry e = due.get(i);
                if (e.meter.indexedSecond != e.second) {
                    continue; // re-indexed to another second since
                }
                e.meter.indexedSecond = NONE;
                SessionRecord s = sessions.current(e.seid);
                int u = urrOf(s, e.meter);
                if (u >= 0 && (!e.meter.volumeIndexed || shared && !givenOutAbove(e.meter, from, end))) {
                    out.accept(s, s.urrSlot(u), e.meter);
                }
            }
        }
        givenOut.clear();
    }

    /**
     * The end of the round's share of the pass's volume-watched URRs from index from: the rest of the pass's slot
     * range divided by roundsLeft (with 1, all that are left), so that the round reads about 1/rounds of the slots
     * however sessions came and went.
     */
    private int shareEnd(int from, int roundsLeft) {
        if (roundsLeft <= 1 || from >= passEnd) {
            return passEnd;
        }
        int first = volume.get(from).slot; // entries are dropped (null) only below the cursor
        int endSlot = first + ceilDiv(volume.get(passEnd - 1).slot + 1 - first, roundsLeft);
        int end = from;
        while (end < passEnd && volume.get(end).slot < endSlot) {
            end++;
        }
        return end;
    }

    /** Whether this round's share of the volume list, [from, end), gave meter out. */
    private boolean givenOutAbove(UrrMeter meter, int from, int end) {
        if (givenOut.isEmpty()) {
            for (int i = from; i < end; i++) {
                Entry e = volume.get(i);
                if (e != null) {
                    givenOut.add(e.meter);
                }
            }
        }
        return givenOut.contains(meter);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Indexes a URR by what it watches now: the volume list, and the second its next time trigger is due by. */
    void reindex(long seid, int slot, UrrMeter m) {
        if (!m.volumeIndexed && m.watchesVolume()) {
            volume.add(new Entry(seid, slot, m, NONE));
            m.volumeIndexed = true;
        }
        Instant due = m.nextTimeDue();
        if (due == null) {
            return;
        }
        // Rounded up, so the round of that second finds it due; a time already past goes to the next round.
        long second = Math.max(due.getNano() == 0 ? due.getEpochSecond() : due.getEpochSecond() + 1,
                cursor == NONE ? Long.MIN_VALUE + 1 : cursor);
        if (second != m.indexedSecond) {
            m.indexedSecond = second;
            seconds.computeIfAbsent(second, k -> new ArrayList<>()).add(new Entry(seid, slot, m, second));
        }
    }

    /** Where meter is among the session's URRs, or -1 when the session (null) or the URR is gone. */
    private static int urrOf(SessionRecord s, UrrMeter meter) {
        for (int u = 0; s != null && u < s.urrCount(); u++) {
            if (s.meter(u) == meter) {
                return u;
            }
        }
        return -1;
    }
}
