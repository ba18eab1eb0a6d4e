package org.upf.control.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.upf.bpf.dataplane.Usage;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.message.SessionReportRequest;

/**
 * Usage reporting on the UPF's own initiative (TS 29.244 §5.2.2.2, §7.5.8): every poll interval it reads the
 * per-CPU counters of each URR's slot, and for each session whose URRs have a trigger due (periodic, volume or
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

    /** One round: reads every URR and sends the reports that are due; returns how many requests it sent. */
    int poll() {
        Instant now = Instant.now();
        int sent = 0;
        for (SessionState s : sessions.all()) {
            List<Ie> reports = new ArrayList<>();
            boolean[] quotaUsedUp = {false};
            s.meters.forEach((id, m) -> {
                Integer slot = s.urrSlots.get(id);
                if (slot == null) {
                    return;
                }
                Usage counters = sessions.dataplane().usage(slot);
                List<String> due = m.due(counters, now);
                if (!due.isEmpty()) {
                    reports.add(m.report(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, due, counters, now));
                    quotaUsedUp[0] |= due.contains("VOLQU") || due.contains("TIMQU");
                }
            });
            if (quotaUsedUp[0]) {
                // §5.2.2.2.1: stop forwarding (or apply the FAR ID for Quota Action) as well as report.
                long seid = s.seid;
                loop.execute(() -> sessions.applyQuotas(seid));
            }
            if (!reports.isEmpty()) {
                send(s, reports);
                sent++;
            }
        }
        return sent;
    }

    private void send(SessionState s, List<Ie> reports) {
        send.send(s, SessionReportRequest.of(s.cpSeid, 0, FlagsIe.of(IeType.REPORT_TYPE, "USAR"),
                reports.toArray(Ie[]::new)), "usage report");
    }

    private void pollLogged() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "usage poll failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
