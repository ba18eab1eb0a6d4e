package org.upf.control.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.upf.bpf.dataplane.ActiveUrrs;

/**
 * The URRs the usage poller must read in a round, found without visiting every session or every URR (230,000 idle
 * volume-watched URRs read once per second cost a millisecond of CPU every 10 ms next to the PFCP event loop,
 * docs/performance.md, "Usage poller: only the URRs that moved"):
 * <ul>
 * <li>a URR whose volume triggers watch the counters (VOLTH, VOLQU with quota left) is read when they may have
 * changed what is due: when the data path marked it as moved ({@link ActiveUrrs}: its counters moved since the
 * last drain), once more on the pass after (the drain may clear a mark before the packet's counter stores are
 * visible to the poller: x86 lets a load pass an earlier store; or drained before its URR was indexed), and once
 * after a commit that modified it ({@link #track}: an Update URR may change what is due without traffic) and on the
 * first pass after a start ({@link #trackRestored}, rebuilt from the journal);</li>
 * <li>the others in the round of the second their next time trigger (PERIO, TIMTH, TIMQU; whole seconds,
 * §8.2.14, §8.2.15, §8.2.51) comes due, from buckets by that second.</li>
 * </ul>
 * A pass (one poll interval) is made of several rounds, each taking its share of the volume-watched URRs' slot
 * range (about 1/rounds of it), so that on a busy host the reads are spread over the interval rather than done in
 * one burst (docs/performance.md, "Scheduling the event loop first"). The volume-watched URRs are indexed by slot,
 * so an idle round costs a scan of its share of the moved-bits (64 slots per word) and nothing per URR.
 *
 * <p>Session records that an establishment or modification committed arrive from the PFCP event loop
 * ({@link #track}) and are taken in by the poller at the start of each round; an entry whose session or meter is
 * gone is dropped when the poller meets it, or by a bounded sweep of {@link #SWEEP} slots per round, and a slot
 * taken by a new URR replaces its entry. Everything but {@link #track} runs on the poller thread.
 */
final class UrrIndex {
    /** No time trigger queued (UrrMeter.indexedSecond). */
    static final long NONE = Long.MIN_VALUE;
    /** Slots of the volume index checked per round for entries whose session or URR is gone. */
    static final int SWEEP = 256;

    /** A volume-watched URR, by its data-path slot (fixed for the URR's life): its session and meter. */
    private record Volume(long seid, UrrMeter meter) {
    }

    /** A URR queued by the second of its next time trigger. */
    private record Timed(long seid, int slot, UrrMeter meter, long second) {
    }

    /** Receives a URR to read: its session as it is now, its data-path slot, its meter. */
    @FunctionalInterface
    interface Found {
        void accept(SessionRecord s, int slot, UrrMeter m);
    }

    private final Queue<SessionRecord> inbox = new ConcurrentLinkedQueue<>();
    private final Queue<SessionRecord> restored = new ConcurrentLinkedQueue<>();

    /** The volume-watched URRs by slot (null: none); grows with the highest slot indexed. */
    private Volume[] volume = new Volume[0];
    /** One past the highest slot ever indexed in {@link #volume}: the slot range a pass covers. */
    private int limit;
    /** Bits by slot (slot / 64, slot % 64), words not taken yet: drained from the data path's marks. */
    private long[] moved = new long[0];
    /** Bits of the slots read in the last pass because they had moved: read once more in this one. */
    private long[] again = new long[0];
    /** Bits of the slots (re)indexed from a committed session since their last read. */
    private long[] forced = new long[0];
    /** The first slot not given out yet in this pass. */
    private int slotCursor;
    /** Where the sweep for gone entries goes on. */
    private int sweepCursor;
    /** Rounds collected: a meter given out in round r has givenRound == r. */
    private long round;
    /** Epoch second -> the URRs whose next time trigger is due by then (insertion costs no ordering). */
    private final Map<Long, List<Timed>> seconds = new HashMap<>();
    /** The first second whose bucket has not been taken yet. */
    private long cursor = NONE;
    /** The latest second a URR was queued for. */
    private long lastSecond = NONE;
    /** Where the sweep for gone time entries goes on: a second's bucket, and the index in it. */
    private long secondSweep = NONE;
    private int secondSweepAt;
    /** Counter reads the volume index asked for (tests: an idle URR costs none). */
    private volatile long volumeGivenOut;

    /**
     * A session record was put in place (any thread): its URRs are (re)indexed at the next round; those indexed
     * already (a modification: an Update URR may change what is due) are read in the next pass. A new URR is not: its
     * counters start at zero (a new slot is zeroed) and its first packet marks it; reading each new URR once would
     * put the reads of a second's establishments, whose slots are neighbours, into one round. A new URR due at zero
     * usage (a Volume Quota of zero, {@link UrrMeter#volumeDueUnused}) is read at the next pass.
     */
    void track(SessionRecord s) {
        inbox.add(s);
    }

    /** A session record rebuilt from the journal at start (any thread): its URRs are indexed and read once. */
    void trackRestored(SessionRecord s) {
        restored.add(s);
    }

    /**
     * Gives out, once each with its current session record, the live URRs that may be due at now: of this round's
     * share of the volume-watched URRs' slot range (the range left in this pass divided by roundsLeft, the rounds
     * left in the pass counting this one: with 1, all that is left, and the next round starts a new pass) those that
     * moved (marks drained from active), moved in the last pass or were indexed since their last read; and every one
     * whose time trigger came due. Call {@link #reindex} for each afterwards (a report moves its times).
     */
    void collect(Instant now, SessionService sessions, int roundsLeft, Found out) {
        long current = now.getEpochSecond();
        if (cursor == NONE) {
            cursor = current;
        }
        round++;
        ActiveUrrs active = sessions.dataplane().activeUrrs();
        for (SessionRecord s = restored.poll(); s != null; s = restored.poll()) {
            for (int u = 0; u < s.urrCount(); u++) {
                taken(s.seid, s.urrSlot(u), s.meter(u), true);
            }
        }
        for (SessionRecord s = inbox.poll(); s != null; s = inbox.poll()) {
            for (int u = 0; u < s.urrCount(); u++) {
                int slot = s.urrSlot(u);
                Volume known = slot < limit ? volume[slot] : null;
                UrrMeter m = s.meter(u);
                boolean updated = m.takeUpdated(); // always taken: an Update URR may change what is due
                taken(s.seid, slot, m, updated || known != null && known.meter == m || m.volumeDueUnused());
            }
        }
        int from = slotCursor;
        int end = roundsLeft <= 1 ? limit : Math.min(limit, from + ceilDiv(limit - from, roundsLeft));
        slotCursor = roundsLeft <= 1 ? 0 : end;
        if (from < end) {
            int firstWord = from >>> 6;
            int endWord = Math.min(active.words(), ((end - 1) >>> 6) + 1);
            sized(active.words());
            active.drain(firstWord, endWord, moved);
            for (int w = firstWord; w < endWord; w++) {
                long share = rangeMask(w, from, end);
                long read = (moved[w] | again[w] | forced[w]) & share;
                again[w] = again[w] & ~share | moved[w] & share;
                moved[w] &= ~share;
                forced[w] &= ~share;
                for (; read != 0; read &= read - 1) {
                    giveOut(sessions, w << 6 | Long.numberOfTrailingZeros(read), out);
                }
            }
        }
        sweep(sessions);
        sweepSeconds(sessions);
        for (; cursor <= current; cursor++) {
            List<Timed> due = seconds.remove(cursor);
            for (int i = 0; due != null && i < due.size(); i++) {
                Timed e = due.get(i);
                if (e.meter.indexedSecond != e.second) {
                    continue; // re-indexed to another second since
                }
                e.meter.indexedSecond = NONE;
                SessionRecord s = sessions.current(e.seid);
                int u = urrOf(s, e.meter);
                if (u >= 0 && e.meter.givenRound != round) {
                    e.meter.givenRound = round;
                    out.accept(s, s.urrSlot(u), e.meter);
                }
            }
        }
    }

    /** Gives out the volume-watched URR of slot if it is still live, else drops its entry. */
    private void giveOut(SessionService sessions, int slot, Found out) {
        Volume e = slot < limit ? volume[slot] : null;
        if (e == null) {
            return; // a URR that watches no volume (or none) moved
        }
        SessionRecord s = sessions.current(e.seid);
        int u = urrOf(s, e.meter);
        if (u < 0 || !e.meter.watchesVolume()) {
            volume[slot] = null;
            return;
        }
        volumeGivenOut++;
        e.meter.givenRound = round;
        out.accept(s, slot, e.meter);
    }

    /** Drops up to {@link #SWEEP} slots' entries whose session or URR is gone or watches no volume any more. */
    private void sweep(SessionService sessions) {
        for (int i = 0; i < SWEEP && limit > 0; i++) {
            int slot = sweepCursor;
            sweepCursor = slot + 1 < limit ? slot + 1 : 0;
            Volume e = volume[slot];
            if (e != null && (urrOf(sessions.current(e.seid), e.meter) < 0 || !e.meter.watchesVolume())) {
                volume[slot] = null;
            }
        }
    }

    /**
     * Drops up to {@link #SWEEP} time entries (a second without a bucket counts as one) whose session or URR is gone or
     * that were re-indexed to another second, walking the buckets from the cursor to the latest second and round again:
     * a deleted session's entry would otherwise stay until its second (a Measurement Period of an hour at 10,000
     * establishments/s: tens of millions). Removal swaps in the bucket's last entry (a bucket has no order).
     */
    private void sweepSeconds(SessionService sessions) {
        if (secondSweep == NONE || secondSweep < cursor || secondSweep > lastSecond) {
            secondSweep = cursor;
            secondSweepAt = 0;
        }
        for (int budget = SWEEP; budget > 0 && secondSweep <= lastSecond; budget--) {
            List<Timed> bucket = seconds.get(secondSweep);
            if (bucket != null && secondSweepAt < bucket.size()) {
                Timed e = bucket.get(secondSweepAt);
                if (e.meter.indexedSecond != e.second || urrOf(sessions.current(e.seid), e.meter) < 0) {
                    bucket.set(secondSweepAt, bucket.get(bucket.size() - 1));
                    bucket.remove(bucket.size() - 1);
                } else {
                    secondSweepAt++;
                }
                continue;
            }
            if (bucket != null && bucket.isEmpty()) {
                seconds.remove(secondSweep);
            }
            secondSweep++;
            secondSweepAt = 0;
        }
    }

    /** The bits of word w whose slots lie in [from, end). */
    private static long rangeMask(int w, int from, int end) {
        int lo = Math.max(from - (w << 6), 0);
        int hi = Math.min(end - (w << 6), 64);
        return hi >= 64 ? -1L << lo : (1L << hi) - 1 & -1L << lo;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** A committed session's URR m in slot: indexed by what it watches now; read at the next pass if forced. */
    private void taken(long seid, int slot, UrrMeter m, boolean read) {
        sized(slot + 1);
        if (read && m.watchesVolume()) {
            forced[slot >>> 6] |= 1L << slot;
        }
        indexVolume(seid, slot, m, true);
        reindex(seid, slot, m);
    }

    /** Puts a volume-watched m into slot's entry; if m watches no volume and takes the slot, empties it. */
    private void indexVolume(long seid, int slot, UrrMeter m, boolean owner) {
        if (m.watchesVolume()) {
            if (slot >= volume.length) {
                volume = Arrays.copyOf(volume, Math.max(slot + 1, volume.length * 2));
            }
            Volume e = volume[slot];
            if (e == null || e.meter != m || e.seid != seid) {
                volume[slot] = new Volume(seid, m);
            }
            limit = Math.max(limit, slot + 1);
        } else if (slot < limit && volume[slot] != null && (owner || volume[slot].meter == m)) {
            volume[slot] = null;
        }
    }

    /** Grows the bit sets to words for slots [0, slots) at least. */
    private void sized(int slots) {
        int words = (slots + 63) >>> 6;
        if (moved.length < words) {
            int n = Math.max(words, moved.length * 2);
            moved = Arrays.copyOf(moved, n);
            again = Arrays.copyOf(again, n);
            forced = Arrays.copyOf(forced, n);
        }
    }

    /** Indexes a URR by what it watches now: its slot's volume entry, and the second its next time trigger is due by. */
    void reindex(long seid, int slot, UrrMeter m) {
        indexVolume(seid, slot, m, false);
        Instant due = m.nextTimeDue();
        if (due == null) {
            return;
        }
        // Rounded up, so the round of that second finds it due; a time already past goes to the next round.
        long second = Math.max(due.getNano() == 0 ? due.getEpochSecond() : due.getEpochSecond() + 1,
                cursor == NONE ? Long.MIN_VALUE + 1 : cursor);
        if (second != m.indexedSecond) {
            m.indexedSecond = second;
            lastSecond = Math.max(lastSecond, second);
            seconds.computeIfAbsent(second, k -> new ArrayList<>()).add(new Timed(seid, slot, m, second));
        }
    }

    /** Volume-watched URRs indexed (tests: entries of deleted sessions go). */
    int volumeEntries() {
        int n = 0;
        for (Volume e : volume) {
            n += e == null ? 0 : 1;
        }
        return n;
    }

    /** URRs queued by second, gone ones not swept yet included (tests: entries of deleted sessions go). */
    int timedEntries() {
        return seconds.values().stream().mapToInt(List::size).sum();
    }

    /** The counter reads the volume index gave out since the start (time triggers not counted). */
    long volumeGivenOut() {
        return volumeGivenOut;
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
