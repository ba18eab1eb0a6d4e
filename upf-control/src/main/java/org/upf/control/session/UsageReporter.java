package org.upf.control.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.message.SessionReportRequest;
import org.upf.pfcp.node.PfcpTransactionException;

/**
 * Usage reporting on the UPF's own initiative (TS 29.244 §5.2.2.2, §7.5.8): every poll interval it reads the
 * per-CPU counters of the URRs that may be due (those whose counters moved or whose time trigger came due; batched,
 * spread over rounds of {@link #ROUND}, {@link #poll}), and for each session whose URRs have a trigger
 * due (periodic, volume or
 * time threshold, volume or time quota; {@link UrrMeter#due}) sends one Session Report Request (Report Type USAR,
 * §8.2.21) with a Usage Report per such URR to the session's CP function. The PFCP node retransmits it (T1/N1);
 * the Session Report Response is handled by {@link SessionReports} (the reported usage is not reported again). A
 * report whose transaction timed out is not lost: it stays pending and is sent again, unchanged, after a back-off
 * while its session exists; a session's reports go one at a time, oldest first ({@link #send}).
 */
public final class UsageReporter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UsageReporter.class.getName());
    /** The longest back-off between new tries of a report whose transactions time out. */
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(60);
    /**
     * How often a round runs at most: a poll interval is split into rounds of this length (at most
     * {@link #MAX_ROUNDS}), each reading its share of the volume-watched URRs that moved, so that on a host where
     * 230,000 of them all move the reads cost a millisecond of CPU every 10 ms instead of a burst of about 100 ms
     * every second next to the PFCP event loop.
     */
    static final Duration ROUND = Duration.ofMillis(10);
    static final int MAX_ROUNDS = 100;

    private final SessionService sessions;
    private final SessionReports send;
    private final ScheduledExecutorService timer;
    /** Runs a task on the PFCP event loop, where session rules change. */
    private final Executor loop;
    /** Scratch of one poll (the poller thread only): the URRs that may be due, by candidate index. */
    private int[] slots = new int[0];
    private SessionRecord[] owners = new SessionRecord[0];
    private UrrMeter[] meters = new UrrMeter[0];
    private long[] order = new long[0];
    private int[] sorted = new int[0];
    private final UrrIndex index = new UrrIndex();
    /** Rounds per poll interval, and the round of the current pass that comes next (0 starts a pass). */
    private final int rounds;
    private int round;
    /**
     * Per session (SEID), its journaled reports not answered yet, oldest first: the head is in flight or waits for
     * its next try after a timeout; the others wait behind it, so a later report never overtakes an older one (guarded
     * by itself).
     */
    private final Map<Long, ArrayDeque<Queued>> queues = new HashMap<>();
    /** The earliest retryAt of a queue's head, or null: a round looks at the queues only once it has passed. */
    private volatile Instant nextRetry;
    /** Back-off before the first new try of a report whose transaction timed out (the poll interval); doubles. */
    private final Duration firstBackOff;
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    /** A poll that keeps failing (e.g. the data path's maps gone) is logged once a minute, not every round. */
    private final RepeatedFailureLog pollFailures = new RepeatedFailureLog(LOG, "usage poll failed",
            Duration.ofMinutes(1));

    /** A journaled report (id) of a session waiting for its answer; retryAt is set while it waits for a new try. */
    private static final class Queued {
        final PfcpMessage request;
        final long id;
        final String what;
        Instant retryAt;
        Duration backOff;

        Queued(PfcpMessage request, long id, String what, Duration backOff) {
            this.request = request;
            this.id = id;
            this.what = what;
            this.backOff = backOff;
        }
    }

    /**
     * send: the PFCP node's {@code send(request, peer)}, whose futures complete on the node's event loop (where
     * the session service runs).
     */
    private UsageReporter(SessionService sessions,
                          BiFunction<PfcpMessage, InetSocketAddress, CompletableFuture<PfcpMessage>> send,
                          Executor loop, Duration interval) {
        this.sessions = sessions;
        this.loop = loop;
        this.send = new SessionReports(sessions, send);
        sessions.onCommitted(index::track);
        sessions.all().forEach(index::trackRestored); // rebuilt from the journal before the poller started: read once
        // Reports the previous run journaled but whose transaction its stop or crash cut short: the same UR-SEQN again.
        this.firstBackOff = interval;
        for (SessionJournal.ReportPending p : sessions.unansweredReports()) {
            SessionRecord s = sessions.current(p.seid());
            if (s != null) {
                enqueue(s, p.request(), p.id(), "usage report (again after a restart)");
            }
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "upf-usage-poller");
            t.setDaemon(true);
            return t;
        });
        rounds = rounds(interval);
        long ns = interval.toNanos() / rounds;
        timer.scheduleWithFixedDelay(this::pollLogged, ns, ns, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts polling every interval (config key reports.usagePollInterval); loop runs tasks on the PFCP event loop
     * (the node's {@code execute}), where a used-up quota's traffic is stopped.
     */
    public static UsageReporter start(SessionService sessions,
                                      BiFunction<PfcpMessage, InetSocketAddress, CompletableFuture<PfcpMessage>> send,
                                      Executor loop, Duration interval) {
        return new UsageReporter(sessions, send, loop, interval);
    }

    /** Rounds per poll interval: one per {@link #ROUND}, at least 1, at most {@link #MAX_ROUNDS}. */
    static int rounds(Duration interval) {
        return (int) Math.max(1, Math.min(MAX_ROUNDS, interval.toNanos() / ROUND.toNanos()));
    }

    /**
     * One round: takes the URRs that may be due from the index ({@link UrrIndex}: of this round's share of the
     * volume-watched URRs those whose counters moved (the data path's marks) or whose rules changed, and those whose
     * time trigger came due, at most a round late; no session or idle URR is visited otherwise), reads their counters in slot order with batched map
     * lookups ({@link Dataplane#usages}: one syscall per run of up to 1,024 slots instead of one per URR), and sends
     * the reports that are due, one Session Report Request per session. Returns how many requests it sent.
     */
    int poll() {
        Instant now = Instant.now();
        retryDue(now);
        int[] count = {0};
        index.collect(now, sessions, rounds - round, (s, slot, m) -> count[0] = candidate(count[0], slot, s, m));
        round = (round + 1) % rounds;
        int n = count[0];
        // Slot order, so that neighbouring slots share a batch; the candidate's index rides in the low half.
        long[] order = this.order;
        for (int i = 0; i < n; i++) {
            order[i] = (long) slots[i] << 32 | i;
        }
        Arrays.sort(order, 0, n);
        for (int i = 0; i < n; i++) {
            sorted[i] = (int) (order[i] >>> 32);
        }
        Map<SessionRecord, List<Ie>> reports = new LinkedHashMap<>();
        Set<SessionRecord> quotaUsedUp = new HashSet<>();
        sessions.dataplane().usages(sorted, n, (i, counters) -> {
            int c = (int) order[i];
            UrrMeter m = meters[c];
            List<String> due = m.due(counters, now);
            if (!due.isEmpty()) {
                reports.computeIfAbsent(owners[c], x -> new ArrayList<>())
                        .add(m.report(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, due, counters, now));
                sessions.reported(owners[c].seid, m);
                if (due.contains("VOLQU") || due.contains("TIMQU")) {
                    quotaUsedUp.add(owners[c]);
                }
            }
        });
        for (int i = 0; i < n; i++) {
            index.reindex(owners[i].seid, slots[i], meters[i]); // a report moved its next time trigger
        }
        Arrays.fill(owners, 0, n, null); // no session kept alive by the scratch arrays
        Arrays.fill(meters, 0, n, null);
        for (SessionRecord s : quotaUsedUp) {
            // §5.2.2.2.1: stop forwarding (or apply the FAR ID for Quota Action) as well as report.
            long seid = s.seid;
            loop.execute(() -> sessions.applyQuotas(seid));
        }
        Map<SessionRecord, PfcpMessage> requests = new LinkedHashMap<>();
        Map<SessionRecord, Long> ids = new HashMap<>();
        reports.forEach((s, r) -> {
            PfcpMessage request = SessionReportRequest.of(s.cpSeid, 0, FlagsIe.of(IeType.REPORT_TYPE, "USAR"),
                    r.toArray(Ie[]::new));
            requests.put(s, request);
            ids.put(s, sessions.reportPending(s.seid, request));
        });
        if (!reports.isEmpty()) {
            // No report leaves before it and its state are durable: the sync runs on the event loop, which syncs each
            // burst of requests anyway (GroupCommit: one fdatasync covers both), so the poller never holds the
            // journal's lock through an fdatasync while the loop waits to append.
            loop.execute(() -> {
                sessions.syncJournal();
                requests.forEach((s, request) -> enqueue(s, request, ids.get(s), "usage report"));
            });
        }
        return reports.size();
    }

    /** Adds candidate n (a URR's slot, its session and meter), growing the scratch arrays; returns n + 1. */
    private int candidate(int n, int slot, SessionRecord s, UrrMeter m) {
        if (n == slots.length) {
            int size = Math.max(64, n * 2);
            slots = Arrays.copyOf(slots, size);
            owners = Arrays.copyOf(owners, size);
            meters = Arrays.copyOf(meters, size);
            order = new long[size];
            sorted = new int[size];
        }
        slots[n] = slot;
        owners[n] = s;
        meters[n] = m;
        return n + 1;
    }

    /**
     * Queues a journaled usage report (id) of s behind the session's older unanswered ones; sends it now if there are
     * none.
     */
    private void enqueue(SessionRecord s, PfcpMessage request, long id, String what) {
        Queued q = new Queued(request, id, what, firstBackOff);
        boolean head;
        synchronized (queues) {
            ArrayDeque<Queued> queue = queues.computeIfAbsent(s.seid, k -> new ArrayDeque<>());
            queue.addLast(q);
            head = queue.size() == 1;
        }
        if (head) {
            send(s, q);
        }
    }

    /**
     * Sends the head of s's queue in a new PFCP transaction (the same request: the same UR-SEQN, TS 29.244 §8.2.71,
     * lets the CP function recognise a report it got before its answer was lost). When the transaction ends:
     * <ul>
     * <li>answered with any cause (or failed otherwise than by a timeout): marked answered in the journal, and the
     * next report of the session goes;</li>
     * <li>no answer within T1 x N1 (§6.4, e.g. the SMF briefly unreachable): it stays pending and is sent again on
     * the first poll round after a back-off (the poll interval, doubling up to {@link #MAX_BACK_OFF}) while the
     * session exists ({@link #retryDue});</li>
     * <li>the node closed under it (the agent stops): left unanswered in the journal, the next start sends it again.</li>
     * </ul>
     */
    private void send(SessionRecord s, Queued q) {
        long seid = s.seid;
        send.send(s, q.request, q.what).whenComplete((resp, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : failure;
            PfcpTransactionException.Reason reason = cause instanceof PfcpTransactionException t ? t.reason() : null;
            if (reason == PfcpTransactionException.Reason.NODE_CLOSED) {
                return;
            }
            if (reason == PfcpTransactionException.Reason.TIMEOUT) {
                synchronized (queues) {
                    retryAt(q, Instant.now().plus(q.backOff));
                    q.backOff = min(q.backOff.multipliedBy(2), MAX_BACK_OFF);
                }
                return;
            }
            sessions.reportAnswered(q.id);
            Queued next;
            synchronized (queues) {
                ArrayDeque<Queued> queue = queues.get(seid);
                queue.pollFirst();
                next = queue.peekFirst();
                if (next == null) {
                    queues.remove(seid);
                }
            }
            if (next != null) {
                SessionRecord current = sessions.current(seid);
                if (current != null) {
                    send(current, next);
                } else {
                    synchronized (queues) {
                        retryAt(next, Instant.now()); // given up on the next poll round
                    }
                }
            }
        });
    }

    /**
     * Sends again each report whose transaction timed out and whose back-off ended; gives up (logged, counted, marked
     * answered in the journal) the reports of sessions that no longer exist (deleted, or their association released).
     */
    private void retryDue(Instant now) {
        Instant earliest = nextRetry;
        if (earliest == null || earliest.isAfter(now)) {
            return; // without taking the lock the event loop's callbacks need, nor scanning every queue
        }
        List<Map.Entry<SessionRecord, Queued>> due = new ArrayList<>();
        List<Queued> dropped = new ArrayList<>();
        synchronized (queues) {
            nextRetry = null;
            for (var it = queues.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                Queued head = e.getValue().peekFirst();
                if (head.retryAt == null) {
                    continue; // in flight
                }
                if (head.retryAt.isAfter(now)) {
                    retryAt(head, head.retryAt); // backing off
                    continue;
                }
                SessionRecord s = sessions.current(e.getKey());
                if (s == null) {
                    dropped.addAll(e.getValue());
                    it.remove();
                } else {
                    head.retryAt = null;
                    due.add(Map.entry(s, head));
                }
            }
        }
        for (Queued q : dropped) {
            givenUp.incrementAndGet();
            sessions.reportAnswered(q.id);
            LOG.log(System.Logger.Level.WARNING, "{0} given up: its session is gone before the CP function answered",
                    q.what);
        }
        for (Map.Entry<SessionRecord, Queued> e : due) {
            resent.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "{0} of session {1} sent again (no answer within T1 x N1)",
                    e.getValue().what, Long.toUnsignedString(e.getKey().seid));
            send(e.getKey(), e.getValue());
        }
    }

    /** Sets when q is sent again (or given up), keeping {@link #nextRetry} the earliest such time (holding queues). */
    private void retryAt(Queued q, Instant at) {
        q.retryAt = at;
        if (nextRetry == null || at.isBefore(nextRetry)) {
            nextRetry = at;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Counter reads of volume-watched URRs since the start: those that moved, once more in the pass after, and those
     * indexed from a committed session (an idle one costs none).
     */
    public long volumeReads() {
        return index.volumeGivenOut();
    }

    /** Reports sent again after their transaction timed out. */
    public long reportsResent() {
        return resent.get();
    }

    /** Unanswered reports given up because their session was gone. */
    public long reportsGivenUp() {
        return givenUp.get();
    }

    private void pollLogged() {
        try {
            poll();
        } catch (RuntimeException e) {
            pollFailures.failed(System.nanoTime(), e);
        }
    }

    /** Stops polling and waits (bounded) for a poll in progress, so none reads the maps after the data path closed. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "usage poll still running after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
