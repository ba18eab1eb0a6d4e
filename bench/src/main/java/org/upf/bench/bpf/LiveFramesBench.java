package org.upf.bench.bpf;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.upf.bench.Figure;
import org.upf.bpf.BpfMap;
import org.upf.bpf.BpfObject;
import org.upf.bpf.BpfProgram;
import org.upf.bpf.Netns;
import org.upf.bpf.TestRunRequest;
import org.upf.bpf.XdpMode;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.bpf.netns.VethPair;

/**
 * The project's own traffic generator (BPF_F_TEST_XDP_LIVE_FRAMES): xdp_tx turns each of {@value #FRAMES} runs
 * of one test_run call into a real frame leaving a veth end in namespace {@code gen}; xdp_drop_count on the peer
 * in namespace {@code sink} counts and drops them (both programs from bpf-dataplane's xdp_test object). Reported:
 * frames generated per second, and frames the receiver counted per second (frames the veth ring had no room
 * for are lost between the two). Each call is bounded by its frame count, the run by JMH's iteration time; the
 * namespaces are uniquely named and removed at the end, also when the run fails.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LiveFramesBench {
    static final int FRAMES = 65_536;
    private static final int BATCH = 64;
    /** Slot of xdp_drop_count in xdp_test's counters array. */
    private static final int COUNT_XDP_DROP = 1;

    private Topology topology;
    private NetworkNamespace gen;
    private NetworkNamespace sink;
    private BpfProgram generator;
    private BpfMap counters;
    private TestRunRequest burst;
    private final ByteBuffer slot = MapBench.direct(Integer.BYTES).putInt(0, COUNT_XDP_DROP);
    private final ByteBuffer count = MapBench.direct(Long.BYTES);

    /** Frames the receiver counted during the iteration (JMH reports them per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Delivered {
        public long delivered;
        /** The receiver's counter at the last look; it starts at zero with the freshly loaded object. */
        private long seen;

        @Setup(Level.Iteration)
        public void reset() {
            delivered = 0;
        }

        void observe(long counter) {
            delivered += counter - seen;
            seen = counter;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        topology = Topology.create("bench-lf");
        try {
            gen = topology.namespace("gen");
            sink = topology.namespace("sink");
            for (NetworkNamespace ns : namespaces()) {
                // No IPv6 autoconfiguration frames: the receiver counts only generated ones.
                ns.sysctl("net.ipv6.conf.default.disable_ipv6", "1");
            }
            VethPair pair = topology.veth(gen, "lfgen", sink, "lfsink").up();
            BpfObject object = topology.track(BpfObject.openResource("/bpf/xdp_test.bpf.o"));
            object.load(null);
            generator = object.program("xdp_tx");
            counters = object.map("counters");
            int sinkIfindex = pair.b().ifindex();
            // A native XDP program on the receiving end also gives that veth the NAPI it needs to take XDP frames.
            topology.track(Netns.call(sink.name(),
                    () -> object.program("xdp_drop_count").attachXdp(sinkIfindex, XdpMode.NATIVE)));
            burst = TestRunRequest.builder(Frames.udp60()).ingressIfindex(pair.a().ifindex()).repeat(FRAMES)
                    .liveFrames(true).batchSize(BATCH).build();
        } catch (RuntimeException | Error e) {
            topology.close();
            throw e;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            if (received() == 0) {
                throw new IllegalStateException("no generated frame reached the receiving veth");
            }
        } finally {
            topology.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    @Figure(name = "bpf.live_frames.veth", unit = "Mpps", scale = 1e-6)
    @Figure(name = "bpf.live_frames.veth.delivered", metric = "delivered", unit = "Mpps", scale = 1e-6)
    public void generate(Delivered delivered) {
        // The ingress ifindex is resolved in the calling thread's namespace.
        try (Netns.Entered in = Netns.enter(gen.name())) {
            generator.testRun(burst);
        }
        delivered.observe(received());
    }

    /** The generator's and the receiver's namespace. */
    List<NetworkNamespace> namespaces() {
        return List.of(gen, sink);
    }

    private long received() {
        counters.lookup(slot, count);
        return count.getLong(0);
    }
}
