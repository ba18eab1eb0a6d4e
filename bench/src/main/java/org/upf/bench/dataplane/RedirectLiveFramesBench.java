package org.upf.bench.dataplane;

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
    /** Package-private: tests check that its namespaces are gone after tearDown. */
    UpfRig rig;
    private TwoWayTraffic traffic;

    @Setup(Level.Trial)
    public void setUp() {
        rig = UpfRig.open("bench-dp-rd", 1, r -> {
            DataplaneConfig config = DataplaneConfig.small(8);
            // Sessions only give the generator its TEID / UE address; the redirect ignores them.
            BulkSessions session = BulkSessions.install(r.loadUpf(config), config, 1, 42);
            BpfProgram redirect = r.attachRedirect();
            traffic = new TwoWayTraffic(r, session, redirect, redirect);
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            traffic.checkDelivered(() -> "plain redirect");
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
        trial.add(0, traffic.uplinkProgNanos);
        traffic.uplink.burst(forwarded, cpu);
    }

    @Benchmark
    @OperationsPerInvocation(LiveTraffic.FRAMES)
    @Figure(name = "dataplane.dl.redirect.generated", unit = "Mpps", scale = 1e-6)
    @Figure(name = "dataplane.dl.redirect.mpps", metric = "forwarded", unit = "Mpps", scale = 1e-6)
    @Figure(name = "dataplane.dl.redirect.prog_ns_per_packet", metric = "progNanos/invocations", unit = "ns/packet")
    @Figure(name = "dataplane.dl.redirect.mpps.cpu", metric = "ops/cpuNanos", unit = "Mpps/core", scale = 1e3)
    public void downlink(Forwarded forwarded, CpuTime cpu, TrialFigures trial) {
        trial.add(0, traffic.downlinkProgNanos);
        traffic.downlink.burst(forwarded, cpu);
    }
}
