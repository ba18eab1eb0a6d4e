package org.upf.control.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
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
 * per-CPU counters of the URRs that may be due (batched, {@link #poll}), and for each session whose URRs have a trigger
 * due (periodic, volume or
 * time threshold, volume or time quota; {@link UrrMeter#due}) sends one Session Report Request (Report Type USAR,
 * §8.2.21) with a Usage Report per such URR to the session's CP function. The PFCP node retransmits it (T1/N1);
 * the Session Report Response is handled by {@link SessionReports} (the reported usage is not reported again).
 */
public final class UsageReporter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UsageReporter.class.getName());

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
        sessions.all().forEach(index::track); // rebuilt from the journal before the poller started
        // Reports the previous run journaled but whose transaction its stop or crash cut short: the same UR-SEQN again.
        for (SessionJournal.ReportPending p : sessions.unansweredReports()) {
            SessionRecord s = sessions.current(p.seid());
            if (s != null) {
                send(s, p.request(), p.id(), "usage report (again after a restart)");
            }
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "upf-usage-poller");
            t.setDaemon(true);
            return t;
        });
        long ns = interval.toNanos();
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

    /**
     * One round: takes the URRs that may be due from the index ({@link UrrIndex}: volume-watched URRs, and those whose
     * time trigger came due; no session is visited otherwise), reads their counters in slot order with batched map
     * lookups ({@link Dataplane#usages}: one syscall per run of up to 1,024 slots instead of one per URR), and sends
     * the reports that are due, one Session Report Request per session. Returns how many requests it sent.
     */
    int poll() {
        Instant now = Instant.now();
        int[] count = {0};
        index.collect(now, sessions, (s, slot, m) -> count[0] = candidate(count[0], slot, s, m));
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
            index.reindex(owners[i].seid, meters[i]); // a report moved its next time trigger
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
            sessions.syncJournal(); // one sync for the round: no report leaves before it and its state are durable
        }
        requests.forEach((s, request) -> send(s, request, ids.get(s), "usage report"));
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
     * Sends a journaled usage report (id); once its transaction ended, answered or timed out, it is marked so in the
     * journal. A node that closed under it (the agent stops) leaves it unanswered: the next start sends it again.
     */
    private void send(SessionRecord s, PfcpMessage request, long id, String what) {
        send.send(s, request, what).whenComplete((resp, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : failure;
            if (!(cause instanceof PfcpTransactionException t
                    && t.reason() == PfcpTransactionException.Reason.NODE_CLOSED)) {
                sessions.reportAnswered(id);
            }
        });
    }

    private void pollLogged() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "usage poll failed", e);
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
