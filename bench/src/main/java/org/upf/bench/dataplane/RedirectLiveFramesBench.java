package org.upf.bench.dataplane;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.upf.bench.CpuTime;
import org.upf.bench.Figure;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bench.dataplane.UpfRig.Way;
import org.upf.bpf.BpfProgram;
import org.upf.bpf.dataplane.DataplaneConfig;

/**
 * The baseline of {@link UpfLiveFramesBench}: the same generator, frames and veths, with the plain DEVMAP
 * redirect (xdp_redirect) on the UPF interfaces instead of the UPF.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedirectLiveFramesBench {
    private UpfRig rig;
    private LiveTraffic uplink;
    private LiveTraffic downlink;
    /** xdp_redirect's own time per packet (see {@link TrialFigures}). */
    private double uplinkProgNanos;
    private double downlinkProgNanos;

    @Setup(Level.Trial)
    public void setUp() {
        rig = new UpfRig("bench-dp-rd", 1);
        try {
            DataplaneConfig config = DataplaneConfig.small(8);
            // Sessions only give the generator its TEID / UE address; the redirect ignores them.
            BulkSessions session = BulkSessions.install(rig.loadUpf(config), config, 1, 42);
            BpfProgram redirect = rig.attachRedirect();
            uplink = new LiveTraffic(rig, Way.UPLINK, session, redirect);
            downlink = new LiveTraffic(rig, Way.DOWNLINK, session, redirect);
            uplinkProgNanos = uplink.programNanos(LiveTraffic.STATS_BURSTS);
            downlinkProgNanos = downlink.programNanos(LiveTraffic.STATS_BURSTS);
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    /** The rig's namespaces, for checks that they are gone after tearDown. */
    List<NetworkNamespace> namespaces() {
        return rig.namespaces();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            uplink.checkDelivered(() -> "plain redirect");
            downlink.checkDelivered(() -> "plain redirect");
        } finally {
            rig.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(LiveTraffic.FRAMES)
    @Figure(name = "dataplane.ul.redirect.generated", unit = "Mpps", scale = 1e-6)
    @Figure(name = "dataplane.ul.redirect.mpps", metric = "forwarded", unit = "Mpps", scale = 1e-6)
    @Figure(name = "dataplane.ul.redirect.prog_ns_per_packet", metric = "progNanos/invocations", unit = "ns/packet")
    @Figure(name = "dataplane.ul.redirect.mpps.cpu", metric = "ops/cpuNanos", unit = "Mpps/core", scale = 1e3)
    public void uplink(Forwarded forwarded, CpuTime cpu, TrialFigures trial) {
        trial.add(0, uplinkProgNanos);
        uplink.burst(forwarded, cpu);
    }

    @Benchmark
    @OperationsPerInvocation(LiveTraffic.FRAMES)
    @Figure(name = "dataplane.dl.redirect.generated", unit = "Mpps", scale = 1e-6)
    @Figure(name = "dataplane.dl.redirect.mpps", metric = "forwarded", unit = "Mpps", scale = 1e-6)
    @Figure(name = "dataplane.dl.redirect.prog_ns_per_packet", metric = "progNanos/invocations", unit = "ns/packet")
    @Figure(name = "dataplane.dl.redirect.mpps.cpu", metric = "ops/cpuNanos", unit = "Mpps/core", scale = 1e3)
    public void downlink(Forwarded forwarded, CpuTime cpu, TrialFigures trial) {
        trial.add(0, downlinkProgNanos);
        downlink.burst(forwarded, cpu);
    }
}
