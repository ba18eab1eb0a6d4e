package org.upf.control.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The URRs the usage poller must read in a round, found without visiting every session (a scan of 1M sessions per
 * second costs about a tenth of a core in cache misses alone): the URRs whose volume triggers watch the counters
 * (VOLTH, VOLQU with quota left) every round, the others when their next time trigger (PERIO, TIMTH, TIMQU) comes
 * due, from a priority queue. Session records that an establishment or modification committed arrive from the PFCP
 * event loop ({@link #track}) and are taken in by the poller at the start of each round; an entry whose session or
 * meter is gone is dropped when the poller meets it. Everything but {@link #track} runs on the poller thread.
 */
final class UrrIndex {
    private record Entry(long seid, UrrMeter meter, Instant due) {
    }

    /** Receives a URR to read: its session as it is now, its data-path slot, its meter. */
    @FunctionalInterface
    interface Found {
        void accept(SessionRecord s, int slot, UrrMeter m);
    }

    private final Queue<SessionRecord> inbox = new ConcurrentLinkedQueue<>();
    private final List<Entry> volume = new ArrayList<>();
    private final PriorityQueue<Entry> time = new PriorityQueue<>(Comparator.comparing(Entry::due));

    /** A session record was put in place (any thread): its URRs are (re)indexed at the next round. */
    void track(SessionRecord s) {
        inbox.add(s);
    }

    /**
     * Gives out, once each with its current session state, every live URR that may be due at now: the volume-watched
     * ones and those whose time trigger came due. Call {@link #reindex} for each afterwards (a report moves times).
     */
    void collect(Instant now, SessionService sessions, Found out) {
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
        while (!time.isEmpty() && !time.peek().due.isAfter(now)) {
            Entry e = time.poll();
            if (e.meter.indexedDue != e.due) {
                continue; // re-indexed to another time since
            }
            e.meter.indexedDue = null;
            SessionRecord s = sessions.current(e.seid);
            int u = urrOf(s, e.meter);
            if (u >= 0 && !e.meter.volumeIndexed) { // volume-watched ones were given out above
                out.accept(s, s.urrSlot(u), e.meter);
            }
        }
    }

    /** Indexes a URR by what it watches now: the volume list, and its next time trigger. */
    void reindex(long seid, UrrMeter m) {
        if (!m.volumeIndexed && m.watchesVolume()) {
            volume.add(new Entry(seid, m, null));
            m.volumeIndexed = true;
        }
        Instant due = m.nextTimeDue();
        if (due != null && !due.equals(m.indexedDue)) {
            m.indexedDue = due;
            time.add(new Entry(seid, m, due));
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
