package org.upf.bench.dataplane;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.upf.bench.CpuTime;
import org.upf.bench.Figure;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.dataplane.DataplaneConfig;

/**
 * The UPF forwarding generated traffic through veths (see {@link LiveTraffic}), with {sessions} sessions
 * installed (maps sized for 1M, {@link DataplaneConfig#defaults()}) and frames cycling through all of them in
 * random order, random TEIDs and UE addresses. Compared with {@link RedirectLiveFramesBench} of the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UpfLiveFramesBench {
    @Param({"1", "10k", "1m"})
    public String sessions;

    /**
     * How the downlink finds the UE: "dense" (the UE /64s inside a dense range, as with the UE pool configured) or
     * "hash" (no dense ranges: the UE-address hash). Figure names are the same: {@code -p ueIndex=hash} for the hash.
     */
    @Param({"dense"})
    public String ueIndex = "dense";

    /** How long writing the sessions took (see {@link TrialFigures}). */
    private long installNanos;
    /** Package-private: tests check that its namespaces are gone after tearDown. */
    UpfRig rig;
    /** Package-private: tests check which UE map the sessions went to. */
    Dataplane dp;
    private TwoWayTraffic traffic;

    static int count(String sessions) {
        return switch (sessions) {
            case "1" -> 1;
            case "10k" -> 10_000;
            case "1m" -> 1_000_000;
            default -> throw new IllegalArgumentException("sessions: 1, 10k or 1m, not " + sessions);
        };
    }

    @Setup(Level.Trial)
    public void setUp() {
        int n = count(sessions);
        rig = UpfRig.open("bench-dp-lf", n, r -> {
            DataplaneConfig config = BulkSessions.withUeIndex(DataplaneConfig.defaults(), ueIndex);
            dp = r.loadUpf(config);
            BulkSessions installed = BulkSessions.install(dp, config, n, 42);
            installNanos = installed.nanos();
            r.attachUpf(dp);
            traffic = new TwoWayTraffic(r, installed, dp.program(Dataplane.Role.N3), dp.program(Dataplane.Role.N6));
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            traffic.checkDelivered(this::upfState);
        } finally {
            rig.close();
        }
    }

    /** The UPF's drop and control-path counters that are not zero. */
    String upfState() {
        StringBuilder s = new StringBuilder("UPF drops");
        dp.drops().forEach((r, c) -> s.append(c.packets() > 0 ? " " + r + "=" + c.packets() : ""));
        s.append(", control path");
        dp.controlPath().forEach((r, c) -> s.append(c.packets() > 0 ? " " + r + "=" + c.packets() : ""));
        return s.toString();
    }

    @Benchmark
    @OperationsPerInvocation(LiveTraffic.FRAMES)
    @Figure(name = "dataplane.ul.generated.sessions_{sessions}", unit = "Mpps", scale = 1e-6)
    @Figure(name = "dataplane.ul.mpps.sessions_{sessions}", metric = "forwarded", unit = "Mpps", scale = 1e-6)
    @Figure(name = "dataplane.ul.prog_ns_per_packet.sessions_{sessions}", metric = "progNanos/invocations",
            unit = "ns/packet")
    @Figure(name = "dataplane.ul.mpps.cpu.sessions_{sessions}", metric = "ops/cpuNanos", unit = "Mpps/core",
            scale = 1e3)
    @Figure(name = "dataplane.ul.ratio_to_redirect.sessions_{sessions}", metric = "ops/cpuNanos", unit = "ratio",
            scale = 1e3, baseline = "dataplane.ul.redirect.mpps.cpu")
    @Figure(name = "dataplane.ul.wall_ratio_to_redirect.sessions_{sessions}", metric = "forwarded",
            unit = "ratio", scale = 1e-6, baseline = "dataplane.ul.redirect.mpps")
    @Figure(name = "dataplane.install.sessions_{sessions}", metric = "installNanos/invocations", unit = "s",
            scale = 1e-9)
    public void uplink(Forwarded forwarded, CpuTime cpu, TrialFigures trial) {
        trial.add(installNanos, traffic.uplinkProgNanos);
        traffic.uplink.burst(forwarded, cpu);
    }

    @Benchmark
    @OperationsPerInvocation(LiveTraffic.FRAMES)
    @Figure(name = "dataplane.dl.generated.sessions_{sessions}", unit = "Mpps", scale = 1e-6)
    @Figure(name = "dataplane.dl.mpps.sessions_{sessions}", metric = "forwarded", unit = "Mpps", scale = 1e-6)
    @Figure(name = "dataplane.dl.prog_ns_per_packet.sessions_{sessions}", metric = "progNanos/invocations",
            unit = "ns/packet")
    @Figure(name = "dataplane.dl.mpps.cpu.sessions_{sessions}", metric = "ops/cpuNanos", unit = "Mpps/core",
            scale = 1e3)
    @Figure(name = "dataplane.dl.ratio_to_redirect.sessions_{sessions}", metric = "ops/cpuNanos", unit = "ratio",
            scale = 1e3, baseline = "dataplane.dl.redirect.mpps.cpu")
    @Figure(name = "dataplane.dl.wall_ratio_to_redirect.sessions_{sessions}", metric = "forwarded",
            unit = "ratio", scale = 1e-6, baseline = "dataplane.dl.redirect.mpps")
    public void downlink(Forwarded forwarded, CpuTime cpu, TrialFigures trial) {
        trial.add(installNanos, traffic.downlinkProgNanos);
        traffic.downlink.burst(forwarded, cpu);
    }
}
