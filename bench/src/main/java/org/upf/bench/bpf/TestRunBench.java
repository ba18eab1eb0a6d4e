package org.upf.bench.bpf;

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
import org.upf.bpf.BpfObject;
import org.upf.bpf.BpfProgram;
import org.upf.bpf.TestRunRequest;
import org.upf.bpf.TestRunResult;

/**
 * The floor under every test_run figure: an XDP program that only returns XDP_PASS (bench_floor.bpf.c) on a
 * 60-octet UDP/IPv4 frame. {@code floor}: the kernel's own time per run with repeat {@value #REPEAT}, and the
 * wall time per packet of those calls; {@code call}: one run per call, i.e. the JNI + syscall + copy cost a
 * caller pays per {@link BpfProgram#testRun}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TestRunBench {
    static final int REPEAT = 10_000;
    private static final int XDP_PASS = 2;

    private BpfObject object;
    private BpfProgram pass;
    private TestRunRequest repeated;
    private TestRunRequest single;

    @Setup(Level.Trial)
    public void setUp() {
        object = BpfObject.openResource("/bpf/bench_floor.bpf.o");
        object.load(null);
        pass = object.program("xdp_pass");
        byte[] frame = Frames.udp60();
        repeated = TestRunRequest.builder(frame).repeat(REPEAT).build();
        single = TestRunRequest.builder(frame).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        object.close();
    }

    @Benchmark
    @OperationsPerInvocation(REPEAT)
    @Figure(name = "bpf.test_run.floor", metric = "kernelNanos/packets", unit = "ns/packet")
    @Figure(name = "bpf.test_run.floor.wall", unit = "ns/packet")
    @Figure(name = "bpf.test_run.floor.cpu", metric = "cpuNanos/ops", unit = "cpu-ns/packet")
    public int floor(KernelTime time, CpuTime cpu) {
        cpu.ops += REPEAT;
        TestRunResult r = checked(pass.testRun(repeated));
        // The kernel reports the average per run; weight it by the runs it covers.
        time.kernelNanos += r.durationNs() * REPEAT;
        time.packets += REPEAT;
        return r.retval();
    }

    @Benchmark
    @Figure(name = "bpf.test_run.call", unit = "ns/call")
    @Figure(name = "bpf.test_run.call.cpu", metric = "cpuNanos/ops", unit = "cpu-ns/call")
    public int call(CpuTime cpu) {
        cpu.ops++;
        return checked(pass.testRun(single)).retval();
    }

    private static TestRunResult checked(TestRunResult r) {
        if (r.retval() != XDP_PASS) {
            throw new IllegalStateException("xdp_pass returned " + r.retval());
        }
        return r;
    }
}
