package org.upf.bench.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upf.bench.CpuTime;

/** One invocation of each BPF benchmark against the real kernel, so `make test` catches a broken bench. */
class BpfBenchesTest {
    /** 0 + 1 + ... + (ENTRIES - 1): every value the setup wrote, read back. */
    private static final long SUM = (long) MapBench.ENTRIES * (MapBench.ENTRIES - 1) / 2;

    @ParameterizedTest
    @ValueSource(strings = {"hash", "array"})
    void mapBenchmarksTouchEveryEntry(String map) {
        MapBench bench = new MapBench();
        bench.map = map;
        bench.setUp();
        try {
            CpuTime cpu = new CpuTime();
            cpu.start();
            assertThat(bench.lookupSingle(cpu)).isEqualTo(SUM);
            assertThat(bench.lookupBatch(cpu)).isEqualTo(SUM);
            bench.updateSingle(cpu);
            bench.updateBatch(cpu);
            assertThat(bench.lookupBatch(cpu)).isEqualTo(SUM);
            cpu.stop();
            assertThat(cpu.ops).isEqualTo(5L * MapBench.ENTRIES);
            assertThat(cpu.cpuNanos).isPositive();
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void testRunFloorReportsTheKernelsTimeForEveryRepeat() {
        TestRunBench bench = new TestRunBench();
        bench.setUp();
        try {
            KernelTime time = new KernelTime();
            assertThat(bench.floor(time, new CpuTime())).isEqualTo(2);
            assertThat(time.packets).isEqualTo(TestRunBench.REPEAT);
            assertThat(time.kernelNanos).isPositive();
            assertThat(bench.call(new CpuTime())).isEqualTo(2);
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void liveFramesReachTheReceiverAndTheNamespacesGo() {
        LiveFramesBench bench = new LiveFramesBench();
        bench.setUp();
        LiveFramesBench.Delivered delivered = new LiveFramesBench.Delivered();
        try {
            bench.generate(delivered);
            bench.generate(delivered);
        } finally {
            bench.tearDown();
        }
        // By the end of the second burst the first has been taken by the receiver's XDP program.
        assertThat(delivered.delivered).isGreaterThanOrEqualTo(LiveFramesBench.FRAMES);
        assertThat(delivered.delivered).isLessThanOrEqualTo(2L * LiveFramesBench.FRAMES);
        assertThat(bench.namespaces()).allSatisfy(ns -> assertThat(ns.exists()).isFalse());
    }
}
