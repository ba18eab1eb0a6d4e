package org.upf.control.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The URRs the usage poller must read in a round, found without visiting every session (a scan of 1M sessions per
 * second costs about a tenth of a core in cache misses alone): the URRs whose volume triggers watch the counters
 * (VOLTH, VOLQU with quota left) every round, the others in the round of the second their next time trigger (PERIO,
 * TIMTH, TIMQU; whole seconds, §8.2.14, §8.2.15, §8.2.51) comes due, from buckets by that second. Session records
 * that an establishment or modification committed arrive from the PFCP event loop ({@link #track}) and are taken in
 * by the poller at the start of each round; an entry whose session or meter is gone is dropped when the poller meets
 * it. Everything but {@link #track} runs on the poller thread.
 */
final class UrrIndex {
    /** No time trigger queued (UrrMeter.indexedSecond). */
    static final long NONE = Long.MIN_VALUE;

    private record Entry(long seid, UrrMeter meter, long second) {
    }

    /** Receives a URR to read: its session as it is now, its data-path slot, its meter. */
    @FunctionalInterface
    interface Found {
        void accept(SessionRecord s, int slot, UrrMeter m);
    }

    private final Queue<SessionRecord> inbox = new ConcurrentLinkedQueue<>();
    private final List<Entry> volume = new ArrayList<>();
    /** Epoch second -> the URRs whose next time trigger is due by then (insertion costs no ordering). */
    private final Map<Long, List<Entry>> seconds = new HashMap<>();
    /** The first second whose bucket has not been taken yet. */
    private long cursor = NONE;

    /** A session record was put in place (any thread): its URRs are (re)indexed at the next round. */
    void track(SessionRecord s) {
        inbox.add(s);
    }

    /**
     * Gives out, once each with its current session record, every live URR that may be due at now: the
     * volume-watched ones and those whose time trigger came due. Call {@link #reindex} for each afterwards (a report
     * moves its times).
     */
    void collect(Instant now, SessionService sessions, Found out) {
        long current = now.getEpochSecond();
        if (cursor == NONE) {
            cursor = current;
        }
        for (SessionRecord s = inbox.poll(); s != null; s = inbox.poll()) {
            for (int u = 0; u < s.urrCount(); u++) {
                reindex(s.seid, s.meter(u));
            }
        }
        int kept = 0;
        for (Entry e : volume) {
            SessionRecord s = sessions.current(e.seid);
            int u = urrOf(s, e.meter);
            if (u < 0 || !e.meter.watchesVolume()) {
                e.meter.volumeIndexed = false;
                continue;
            }
            volume.set(kept++, e);
            out.accept(s, s.urrSlot(u), e.meter);
        }
        volume.subList(kept, volume.size()).clear();
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
                if (u >= 0 && !e.meter.volumeIndexed) { // volume-watched ones were given out above
                    out.accept(s, s.urrSlot(u), e.meter);
                }
            }
        }
    }

    /** Indexes a URR by what it watches now: the volume list, and the second its next time trigger is due by. */
    void reindex(long seid, UrrMeter m) {
        if (!m.volumeIndexed && m.watchesVolume()) {
            volume.add(new Entry(seid, m, NONE));
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
            seconds.computeIfAbsent(second, k -> new ArrayList<>()).add(new Entry(seid, m, second));
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
