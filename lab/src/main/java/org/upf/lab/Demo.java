package org.upf.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.upf.bpf.dataplane.Counter;
import org.upf.bpf.dataplane.DropReason;
import org.upf.bpf.netns.Leftovers;
import org.upf.control.agent.UpfAgent;
import org.upf.lab.ran.Flow;
import org.upf.lab.ran.GnbEmulator;
import org.upf.lab.ran.TrafficGenerator;
import org.upf.lab.ran.TrafficStats;
import org.upf.lab.ran.UdpEchoResponder;
import org.upf.lab.ran.UeTunnel;
import org.upf.lab.smf.LoadGenerator;
import org.upf.lab.smf.SessionPlan;
import org.upf.lab.smf.SessionRules;
import org.upf.lab.smf.SmfEmulator;
import org.upf.lab.smf.SmfSession;

/**
 * {@code make demo}: the lab up ({@link LabTopology}), the agent with XDP on N3/N6, the SMF emulator establishes
 * the sessions, UEs send ICMP and UDP (default and dedicated QoS flow) through gNB 1, every session is handed over
 * to gNB 2 (Update FAR with SNDEM) and gets a new MBR (Update QER) while traffic continues, the sessions are
 * deleted (final usage reports); then a summary with the checks.
 * Everything is torn down at the end, after a failure and on Ctrl-C; leftovers of a crashed run are removed first.
 */
public final class Demo {
    static final int DEFAULT_QFI = 9;
    static final int DEDICATED_QFI = 5;
    static final int METRICS_PORT = 9100;
    static final long GNB1_TEID_BASE = 0x10000;
    static final long GNB2_TEID_BASE = 0x20000;
    /** Every fourth UE has an IPv6 session. */
    static final int IPV6_EVERY = 4;

    /**
     * @param sessions   PDU sessions (one UE each)
     * @param setupRate  PFCP procedures per second (establishment, handover, deletion)
     * @param pps        uplink packets per second over all UEs and flows
     * @param duration   traffic time, half before and half after the handover
     * @param payload    application payload octets per packet
     * @param runDir     where the log goes
     */
    public record Options(int sessions, double setupRate, double pps, Duration duration, int payload, Path runDir) {
        public static Options defaults() {
            return new Options(100, 500, 2000, Duration.ofSeconds(4), 64, Path.of("lab", "target", "demo"));
        }
    }

    private final Options o;
    private final PrintStream out;
    private final Checks checks = new Checks();
    private final TrafficStats stats = new TrafficStats();
    private final List<InetAddress> dn = List.of(Addresses.parse(LabTopology.DN), Addresses.parse(LabTopology.DN_V6));
    private final List<SmfSession> sessions = new ArrayList<>();
    private final LoadGenerator load;
    private UpfAgent agent;
    private SmfEmulator smf;
    private GnbEmulator gnb1;
    private GnbEmulator gnb2;

    private Demo(Options options, PrintStream out) {
        this.o = options;
        this.out = out;
        this.load = new LoadGenerator(options.setupRate(), 32, Duration.ofSeconds(60));
    }

    /** Runs the demo; returns the exit code (0: every check passed). */
    public static int run(Options options, PrintStream out) throws Exception {
        if (options.sessions() < 1 || options.sessions() > 10_000) {
            throw new IllegalArgumentException("sessions must be in 1..10000 (UE addresses in " + LabTopology.UE_POOL + ")");
        }
        return new Demo(options, out).run();
    }

    private int run() throws Exception {
        Path log = logTo(o.runDir());
        List<String> removed = Leftovers.cleanup();
        out.println("UPF lab demo" + (removed.isEmpty() ? "" : " (removed leftovers of a crashed run: " + removed + ")"));
        try (LabTopology lab = LabTopology.create("demo").closeOnExit()) {
            scenario(lab, log);
        }
        checks.print(out);
        return checks.passed() ? 0 : 1;
    }

    private void scenario(LabTopology lab, Path log) throws Exception {
        out.printf("  namespaces %s (SMF), %s (gNB 1 %s, gNB 2 %s), %s (UPF), %s (DN %s)%n", lab.smf().name(),
                lab.gnb().name(), LabTopology.GNB1, LabTopology.GNB2, lab.upf().name(), lab.dn().name(), LabTopology.DN);
        String metricsUrl = "http://" + LabTopology.UPF_N4 + ":" + METRICS_PORT + "/metrics";
        agent = lab.startAgent(Map.of("metrics.address", LabTopology.UPF_N4 + ":" + METRICS_PORT));
        out.printf("  agent: XDP on n3 (%s) and n6 (%s), PFCP on %s:%d, metrics %s (inside %s), log %s%n",
                LabTopology.UPF_N3, LabTopology.UPF_N6, LabTopology.UPF_N4, LabTopology.PFCP_PORT, metricsUrl,
                lab.upf().name(), log);
        smf = lab.track(LabTopology.in(lab.smf(), () -> SmfEmulator.start(
                new InetSocketAddress(LabTopology.SMF_N4, LabTopology.PFCP_PORT),
                new InetSocketAddress(LabTopology.UPF_N4, LabTopology.PFCP_PORT))));
        gnb1 = lab.track(GnbEmulator.start("gNB 1", lab.gnb(), Addresses.parse(LabTopology.GNB1), stats));
        gnb2 = lab.track(GnbEmulator.start("gNB 2", lab.gnb(), Addresses.parse(LabTopology.GNB2), stats));
        for (InetAddress a : dn) {
            lab.track(UdpEchoResponder.start(lab.dn(), a, Flow.ECHO_PORT));
            lab.track(UdpEchoResponder.start(lab.dn(), a, Flow.DEDICATED_PORT));
        }

        out.println("Signalling (N4, SMF emulator -> agent)");
        var features = smf.associate();
        out.printf("  association      accepted, UP Function Features %s%n", features == null ? "none" : features.setFlags());
        checks.check("association: the UPF allocates F-TEIDs (FTUP)", features != null && features.has("FTUP"), "");
        List<UeTunnel> ues = establish();
        TrafficGenerator traffic = new TrafficGenerator(ues, dn, stats, o.payload());
        long budget = (long) (o.pps() * o.duration().toMillis() / 1000.0);
        CompletableFuture<Long> running = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                running.complete(traffic.run(o.pps(), o.duration(), budget));
            } catch (InterruptedException | RuntimeException e) {
                running.completeExceptionally(e);
            }
        }, "ue-traffic");
        sender.start();
        Thread.sleep(o.duration().toMillis() / 2);
        modifyUnderTraffic(ues);
        // The agent restarts URR counts when a modification rewrites a session (docs/agent.md): the final usage
        // reports can only show volume if traffic went on after the last modification.
        boolean trafficAfterModifications = !running.isDone();
        long sent = running.get(o.duration().toMillis() + 30_000, TimeUnit.MILLISECONDS);
        traffic.drain(Duration.ofMillis(500), Duration.ofSeconds(5));

        String metrics = MetricsSample.scrape(lab.upf(), metricsUrl);
        delete(trafficAfterModifications);
        traffic(stats, sent);
        out.printf("  per gNB   downlink G-PDUs: gNB 1 %d, gNB 2 %d%n", gnb1.downlinkPackets(), gnb2.downlinkPackets());
        checks.check("downlink moved to gNB 2 at the handover", gnb1.downlinkPackets() > 0
                && gnb2.downlinkPackets() > 0, "");
        drops();
        kpis(metrics);
    }

    /** Establishes the sessions (every IPV6_EVERY-th UE IPv6) at the setup rate; their UEs attached to gNB 1. */
    private List<UeTunnel> establish() {
        List<InetAddress> ueAddresses = new ArrayList<>();
        for (int i = 0; i < o.sessions(); i++) {
            ueAddresses.add(LabTopology.ue(i, i % IPV6_EVERY == IPV6_EVERY - 1));
        }
        LoadGenerator.Result est = load.run("establishment", o.sessions(), i -> smf.establishAsync(
                SessionPlan.of(ueAddresses.get(i), gnb1.address(), GNB1_TEID_BASE + i).withDedicated(
                        new SessionPlan.DedicatedFlow(DEDICATED_QFI, LabTopology.dnFor(ueAddresses.get(i)),
                                Flow.DEDICATED_PORT, 1_000, 10_000))));
        out.println("  " + est.summary());
        checks.check("all sessions established", est.succeeded() == o.sessions(), est.succeeded() + "/" + o.sessions());
        checks.check("agent holds the sessions", agent.sessions().count() == est.succeeded(),
                agent.sessions().count() + " in the agent");
        sessions.addAll(smf.sessions());
        List<UeTunnel> ues = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            SmfSession s = sessions.get(i);
            UeTunnel ue = new UeTunnel(i, s.plan().ue(), s.uplinkTeid(), s.upfN3(), DEFAULT_QFI, DEDICATED_QFI);
            ue.attach(gnb1, s.plan().gnbTeid());
            ues.add(ue);
        }
        return ues;
    }

    /** Hands every session over to gNB 2, then changes every session's MBR. */
    private void modifyUnderTraffic(List<UeTunnel> ues) {
        LoadGenerator.Result ho = load.run("handover", sessions.size(), i -> {
            // The target gNB's tunnel exists before the UPF switches to it (TS 23.502 §4.9.1.2.2).
            ues.get(i).attach(gnb2, GNB2_TEID_BASE + i);
            return smf.handoverAsync(sessions.get(i), gnb2.address(), GNB2_TEID_BASE + i);
        });
        out.println("  " + ho.summary());
        checks.check("all sessions handed over to gNB 2", ho.succeeded() == sessions.size(), ho.succeeded() + "/"
                + sessions.size());
        List<SmfSession> moved = List.copyOf(smf.sessions());
        LoadGenerator.Result qer = load.run("QER change", moved.size(),
                i -> smf.modifyAsync(moved.get(i), SessionRules.sessionMbr(50_000, 150_000)));
        out.println("  " + qer.summary());
        checks.check("session MBR changed (Update QER) under traffic", qer.succeeded() == moved.size(),
                qer.succeeded() + "/" + moved.size());
    }

    /** Deletes every session (final usage reports) and releases the association. */
    private void delete(boolean trafficAfterModifications) {
        List<SmfSession> remaining = List.copyOf(smf.sessions());
        UsageTotals usage = new UsageTotals();
        LoadGenerator.Result del = load.run("deletion", remaining.size(),
                i -> smf.deleteAsync(remaining.get(i)).thenAccept(usage::add));
        out.println("  " + del.summary());
        out.printf("  usage reports in the deletion responses (URR 1, TERMR): %d, uplink %d bytes, downlink %d bytes%n",
                usage.reports(), usage.uplink(), usage.downlink());
        boolean volumes = usage.uplink() > 0 && usage.downlink() > 0;
        checks.check("final usage reports for every session" + (trafficAfterModifications ? ", with volume" : ""),
                usage.reports() == remaining.size() && (volumes || !trafficAfterModifications), usage.reports()
                + " reports" + (trafficAfterModifications ? "" : "; traffic had ended before the last modification"));
        checks.check("all sessions deleted", del.succeeded() == remaining.size() && agent.sessions().count() == 0,
                agent.sessions().count() + " left in the agent");
        smf.release();
        checks.check("PFCP association released", agent.associations().all().isEmpty(), "");
    }

    private void traffic(TrafficStats s, long sent) {
        out.printf("Traffic (%d UEs, every %dth IPv6; ICMP echo + UDP + UDP on the dedicated QoS flow, %.0f packets/s,"
                + " %d ms, handover half-way)%n", o.sessions(), IPV6_EVERY, o.pps(), o.duration().toMillis());
        out.printf("  uplink    %d packets, %d bytes (GTP-U, gNB -> UPF)%n", s.sent(), s.uplinkBytes());
        out.printf("  downlink  %d packets, %d bytes (GTP-U, UPF -> gNB)%n", s.received(), s.downlinkBytes());
        for (Flow f : Flow.values()) {
            out.printf("  %-13s %d/%d replies (QFI %d)%n", f, s.received(f), s.sent(f),
                    f == Flow.UDP_DEDICATED ? DEDICATED_QFI : DEFAULT_QFI);
        }
        out.printf("  IPv6 UEs  %d/%d replies%n", s.receivedIpv6(), s.sentIpv6());
        double lossPct = s.sent() == 0 ? 0 : 100.0 * s.lost() / s.sent();
        out.printf("  loss      %d (%.2f %%)%n", s.lost(), lossPct);
        out.printf("  latency   round trip UE -> DN -> UE: %s%n", s.latencies().summary());
        StringBuilder p = new StringBuilder();
        for (TrafficStats.Problem pr : TrafficStats.Problem.values()) {
            p.append(pr.name().toLowerCase()).append(' ').append(s.problems(pr)).append("  ");
        }
        out.println("  checks    " + p.toString().trim());
        out.printf("  handover  End Markers on gNB 1's tunnels: %d%s%n", s.endMarkers(), s.endMarkers() == 0
                ? " (the agent does not send End Markers for SNDEM yet)" : "");
        if (s.endMarkers() > 0) {
            // TS 29.281 §7.3.2 / TS 23.502 §4.9.1.2.2: one End Marker per old tunnel, nothing on it afterwards.
            checks.check("End Marker on every old tunnel", s.endMarkers() == o.sessions(), s.endMarkers() + " of "
                    + o.sessions());
        }
        checks.check("traffic sent", s.sent() == sent && sent > 0, sent + " packets");
        checks.check("every packet answered", s.lost() == 0, s.lost() + " lost");
        checks.check("downlink TEIDs, QFIs and contents right", s.problems() == 0, s.problems() + " problems");
        for (Flow f : Flow.values()) {
            checks.check("flow " + f + " carried", s.received(f) > 0, s.received(f) + " replies");
        }
        if (o.sessions() >= IPV6_EVERY) {
            checks.check("IPv6 UEs carried", s.receivedIpv6() > 0, s.receivedIpv6() + " replies");
        }
    }

    private void drops() {
        out.println("Data path drops by reason (XDP counters)");
        long total = 0;
        StringBuilder line = new StringBuilder();
        for (Map.Entry<DropReason, Counter> e : agent.dataplane().drops().entrySet()) {
            total += e.getValue().packets();
            if (e.getValue().packets() > 0) {
                line.append(e.getKey().name().toLowerCase()).append(' ').append(e.getValue().packets()).append("  ");
            }
        }
        out.println("  " + (total == 0 ? "none" : line.toString().trim()) + " (total " + total + ")");
    }

    private void kpis(String metrics) {
        out.println("KPIs (sample of the agent's /metrics, before the deletions)");
        for (String l : MetricsSample.interesting(metrics, List.of("upf_pfcp_sessions", "upf_pfcp_associations",
                "upf_teids_in_use", "upf_agent_up", "upf_pfcp_messages_total", "upf_datapath_dropped_packets_total"))) {
            if (!l.startsWith("upf_pfcp_messages_total") || l.contains("event=\"received\"")) {
                out.println("  " + l);
            }
        }
        checks.check("metrics served", metrics.contains("upf_agent_up"), "");
    }

    /** Sends this JVM's log records (agent, PFCP nodes, fixture) to runDir/lab.log instead of the console. */
    private static Path logTo(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path log = runDir.resolve("lab.log").toAbsolutePath();
        LogManager.getLogManager().reset();
        Handler h = new FileHandler(log.toString());
        h.setFormatter(new SimpleFormatter());
        Logger.getLogger("").addHandler(h);
        return log;
    }

}
