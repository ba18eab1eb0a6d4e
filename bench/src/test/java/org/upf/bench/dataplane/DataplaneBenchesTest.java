package org.upf.bench.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upf.bench.CpuTime;
import org.upf.bench.bpf.KernelTime;
import org.upf.bpf.BpfMap;
import org.upf.bpf.dataplane.UeKeys;
import org.upf.bpf.netns.NetworkNamespace;

/** One invocation of each data-path benchmark against the real kernel, so `make test` catches a broken bench. */
class DataplaneBenchesTest {
    private static final int REDIRECT = 4;

    @ParameterizedTest
    @ValueSource(strings = {"dense", "hash"})
    void testRunBenchmarksTimeEveryRedirectedPacket(String ueIndex) {
        DataplaneTestRunBench bench = new DataplaneTestRunBench();
        bench.ueIndex = ueIndex;
        trial(bench::setUp, () -> bench.rig, bench::tearDown, () -> {
            for (Run run : List.<Run>of(bench::uplink, bench::downlink, bench::bare)) {
                KernelTime time = new KernelTime();
                assertThat(run.invoke(time)).isEqualTo(REDIRECT * DataplaneTestRunBench.CALLS);
                assertThat(time.packets).isEqualTo(DataplaneTestRunBench.CALLS);
                assertThat(time.kernelNanos).isPositive();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense", "hash"})
    void upfForwardsGeneratedTrafficBothWays(String ueIndex) {
        UpfLiveFramesBench bench = new UpfLiveFramesBench();
        bench.sessions = "10k";
        bench.ueIndex = ueIndex;
        trial(bench::setUp, () -> bench.rig, bench::tearDown, () -> {
            BpfMap hash = bench.dp.map(UeKeys.DL6_MAP);
            assertThat(hash.nextKey(null, ByteBuffer.allocateDirect(hash.keySize())))
                    .as("UE /64s in the hash with ueIndex %s", ueIndex).isEqualTo(ueIndex.equals("hash"));
            assertThat(bench.dp.denseIndex().ranges()).hasSize(ueIndex.equals("dense") ? 1 : 0);
            assertForwarded(bench::uplink);
            assertForwarded(bench::downlink);
        });
    }

    @Test
    void redirectBaselineForwardsGeneratedTrafficBothWays() {
        RedirectLiveFramesBench bench = new RedirectLiveFramesBench();
        trial(bench::setUp, () -> bench.rig, bench::tearDown, () -> {
            assertForwarded(bench::uplink);
            assertForwarded(bench::downlink);
        });
    }

    /** One benchmark trial around body; afterwards the rig's namespaces must be gone. */
    private static void trial(Runnable setUp, Supplier<UpfRig> rig, Runnable tearDown, Runnable body) {
        setUp.run();
        List<NetworkNamespace> namespaces = rig.get().namespaces();
        try {
            body.run();
        } finally {
            tearDown.run();
        }
        assertThat(namespaces).allSatisfy(ns -> assertThat(ns.exists()).isFalse());
    }

    /** Two bursts: frames come out of the device under test, no more than were sent (plus a few ND frames). */
    private static void assertForwarded(Burst burst) {
        Forwarded forwarded = new Forwarded();
        CpuTime cpu = new CpuTime();
        TrialFigures trial = new TrialFigures();
        cpu.start();
        burst.invoke(forwarded, cpu, trial);
        burst.invoke(forwarded, cpu, trial);
        cpu.stop();
        assertThat(forwarded.forwarded).isGreaterThan(LiveTraffic.FRAMES / 2)
                .isLessThanOrEqualTo(2L * LiveTraffic.FRAMES + 16);
        assertThat(cpu.ops).isEqualTo(forwarded.forwarded);
        assertThat(cpu.cpuNanos).isPositive();
        assertThat(trial.invocations).isEqualTo(2);
        assertThat(trial.progNanos).isPositive();
    }

    @FunctionalInterface
    private interface Run {
        int invoke(KernelTime time);
    }

    @FunctionalInterface
    private interface Burst {
        void invoke(Forwarded forwarded, CpuTime cpu, TrialFigures trial);
    }
}
