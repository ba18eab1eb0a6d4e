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
import org.upf.bench.dataplane.UpfRig.Way;
import org.upf.bpf.dataplane.DataplaneConfig;

/**
 * The lookup floor of {@link UpfLiveFramesBench}: the same generator, frames, veths and sessions (TEIDs and UE
 * addresses of {sessions} sessions, random order), with {@link LookupFloor}'s programs on the UPF interfaces instead of
 * the UPF: per packet the TEID or UE address read, one entry of an array sized and shaped like the UPF's fast-entry
 * array read, the redirect of {@link RedirectLiveFramesBench} through a key from that entry ({work} "lookup"), plus
 * one per-session count ("count") or plus the header work, decapsulation uplink and encapsulation downlink
 * ("rewrite"). No UPF program can do less per packet, so at a session count its ratio to the
 * redirect bounds the UPF's from above.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FloorLiveFramesBench {
    @Param({"1", "10k", "1m"})
    public String sessions;

    /**
     * "lookup": find the session; "count": find it and count the packet in its per-CPU counters; "rewrite": find it
     * and do the header work (decapsulate uplink, encapsulate downlink from a prebuilt template).
     */
    @Param({"lookup", "count", "rewrite"})
    public String work;

    /** Package-private: tests check that its namespaces are gone after tearDown and read the floor's maps. */
    UpfRig rig;
    LookupFloor floor;
    BulkSessions drawn;
    private TwoWayTraffic traffic;

    @Setup(Level.Trial)
    public void setUp() {
        int n = UpfLiveFramesBench.count(sessions);
        rig = UpfRig.open("bench-dp-fl", n, r -> {
            // The UPF's sizes for 1M sessions, UE /64s in a dense range: the floor's arrays spread as the UPF's do.
            DataplaneConfig config = BulkSessions.withUeIndex(DataplaneConfig.defaults(), "dense");
            drawn = BulkSessions.draw(config, n, 42);
            floor = new LookupFloor(r, config, drawn);
            r.attach(floor.program(Way.UPLINK, work), floor.program(Way.DOWNLINK, work));
            traffic = new TwoWayTraffic(r, drawn, floor.program(Way.UPLINK, work), floor.program(Way.DOWNLINK, work));
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            traffic.checkDelivered(() -> "lookup floor (" + work + ")");
        } finally {
            rig.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(LiveTraffic.FRAMES)
    @Figure(name = "dataplane.ul.floor_{work}.mpps.sessions_{sessions}", metric = "forwarded", unit = "Mpps",
            scale = 1e-6)
    @Figure(name = "dataplane.ul.floor_{work}.prog_ns_per_packet.sessions_{sessions}",
            metric = "progNanos/invocations", unit = "ns/packet")
    @Figure(name = "dataplane.ul.floor_{work}.mpps.cpu.sessions_{sessions}", metric = "ops/cpuNanos",
            unit = "Mpps/core", scale = 1e3)
    @Figure(name = "dataplane.ul.floor_{work}.ratio_to_redirect.sessions_{sessions}", metric = "ops/cpuNanos",
            unit = "ratio", scale = 1e3, baseline = "dataplane.ul.redirect.mpps.cpu")
    public void uplink(Forwarded forwarded, CpuTime cpu, TrialFigures trial) {
        trial.add(0, traffic.uplinkProgNanos);
        traffic.uplink.burst(forwarded, cpu);
    }

    @Benchmark
    @OperationsPerInvocation(LiveTraffic.FRAMES)
    @Figure(name = "dataplane.dl.floor_{work}.mpps.sessions_{sessions}", metric = "forwarded", unit = "Mpps",
            scale = 1e-6)
    @Figure(name = "dataplane.dl.floor_{work}.prog_ns_per_packet.sessions_{sessions}",
            metric = "progNanos/invocations", unit = "ns/packet")
    @Figure(name = "dataplane.dl.floor_{work}.mpps.cpu.sessions_{sessions}", metric = "ops/cpuNanos",
            unit = "Mpps/core", scale = 1e3)
    @Figure(name = "dataplane.dl.floor_{work}.ratio_to_redirect.sessions_{sessions}", metric = "ops/cpuNanos",
            unit = "ratio", scale = 1e3, baseline = "dataplane.dl.redirect.mpps.cpu")
    public void downlink(Forwarded forwarded, CpuTime cpu, TrialFigures trial) {
        trial.add(0, traffic.downlinkProgNanos);
        traffic.downlink.burst(forwarded, cpu);
    }
}
