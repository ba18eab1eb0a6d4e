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
import org.upf.bench.Figure;
import org.upf.bench.bpf.KernelTime;
import org.upf.bpf.BpfProgram;
import org.upf.bpf.Netns;
import org.upf.bpf.TestRunRequest;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.bench.dataplane.UpfRig.Way;

/**
 * Cost per packet of the UPF pipelines against a bare program, by the kernel's own run time of single
 * BPF_PROG_TEST_RUN calls (repeat 1: the kernel does not restore a packet the program rewrote between repeats).
 * Uplink: upf_gtpu_in decapsulates a G-PDU (IPv4 outer, PDU Session Container, UDP/IPv6 inner) arriving on N3,
 * looks up TEID, PDR, QER, FAR, counts the URR, finds the DN router by bpf_fib_lookup and redirects to N6.
 * Downlink: upf_n6_in looks up the UE address and encapsulates toward the gNB, FIB lookup, redirect to N3. Bare:
 * xdp_parse_redirect parses Ethernet and IPv4 of the uplink frame and redirects through a DEVMAP. All in the
 * {@link UpfRig} UPF namespace with real routes and neighbours, one session installed. The UPF is attached to N3 and
 * N6 as in service, so its egress DEVMAP (upf_tx_v1) holds them and its redirect takes the same path as the bare
 * program's (no traffic flows: a test run only returns the verdict).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DataplaneTestRunBench {
    /** Single-run calls per benchmark invocation. */
    static final int CALLS = 64;

    /**
     * How the downlink finds the UE: "dense" (the UE /64s inside a dense range, as with the UE pool configured) or
     * "hash" (no dense ranges: the UE-address hash). Figure names are the same: {@code -p ueIndex=hash} for the hash.
     */
    @Param({"dense"})
    public String ueIndex = "dense";

    /** Package-private: tests check that its namespaces are gone after tearDown. */
    UpfRig rig;
    private BpfProgram uplink;
    private BpfProgram downlink;
    private BpfProgram bare;
    private TestRunRequest uplinkRun;
    private TestRunRequest downlinkRun;
    private TestRunRequest bareRun;

    @Setup(Level.Trial)
    public void setUp() {
        rig = UpfRig.open("bench-dp-tr", 1, r -> {
            DataplaneConfig config = BulkSessions.withUeIndex(DataplaneConfig.small(8), ueIndex);
            Dataplane dp = r.loadUpf(config);
            BulkSessions session = BulkSessions.install(dp, config, 1, 1);
            r.attachUpf(dp);
            uplink = dp.program(Dataplane.Role.N3);
            downlink = dp.program(Dataplane.Role.N6);
            bare = r.bench.program("xdp_parse_redirect");
            String ue = UpfRig.ipv6(session.ueAddress()[0]);
            uplinkRun = r.testRun(Way.UPLINK, UpfRig.frame(Way.UPLINK, session.teids()[0], ue));
            downlinkRun = r.testRun(Way.DOWNLINK, UpfRig.frame(Way.DOWNLINK, 0, ue));
            bareRun = uplinkRun;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rig.close();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    @Figure(name = "dataplane.ul.ns_per_packet", metric = "kernelNanos/packets", unit = "ns/packet")
    @Figure(name = "dataplane.ul.cost_ratio_to_bare", metric = "kernelNanos/packets", unit = "ratio",
            baseline = "dataplane.bare.ns_per_packet")
    public int uplink(KernelTime time) {
        return run(uplink, uplinkRun, time);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    @Figure(name = "dataplane.dl.ns_per_packet", metric = "kernelNanos/packets", unit = "ns/packet")
    @Figure(name = "dataplane.dl.cost_ratio_to_bare", metric = "kernelNanos/packets", unit = "ratio",
            baseline = "dataplane.bare.ns_per_packet")
    public int downlink(KernelTime time) {
        return run(downlink, downlinkRun, time);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    @Figure(name = "dataplane.bare.ns_per_packet", metric = "kernelNanos/packets", unit = "ns/packet")
    public int bare(KernelTime time) {
        return run(bare, bareRun, time);
    }

    private int run(BpfProgram program, TestRunRequest request, KernelTime time) {
        int verdicts = 0;
        // The ingress ifindex (and the FIB) are the calling thread's namespace's.
        try (Netns.Entered in = Netns.enter(rig.upf.name())) {
            for (int i = 0; i < CALLS; i++) {
                TestRunResult r = program.testRun(request);
                if (r.retval() != UpfRig.XDP_REDIRECT) {
                    throw new IllegalStateException(program.name() + " returned " + r.retval()
                            + ", not XDP_REDIRECT");
                }
                time.kernelNanos += r.durationNs();
                verdicts += r.retval();
            }
        }
        time.packets += CALLS;
        return verdicts;
    }
}
