package org.upf.bench.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upf.bench.CpuTime;
import org.upf.bench.bpf.KernelTime;
import org.upf.bench.dataplane.UpfRig.Way;
import org.upf.bpf.Netns;
import org.upf.bpf.BpfMap;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.packet.Checksum;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.bpf.dataplane.UeKeys;
import org.upf.bpf.netns.NetworkNamespace;

/** One invocation of each data-path benchmark against the real kernel, so `make test` catches a broken bench. */
class DataplaneBenchesTest {
    private static final int DROP = 1;
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

    /**
     * The floor forwards what it finds: a session's frame is redirected, the same TEID slot with another generation
     * and a UE /64 of the range without a session are dropped, so the entry is read; the count variant counts each
     * forwarded frame in its session's slot, with its octets; the rewrite variant sends the frames the UPF would.
     */
    @ParameterizedTest
    @ValueSource(strings = {"lookup", "count", "rewrite"})
    void lookupFloorForwardsGeneratedTrafficByItsEntries(String work) {
        FloorLiveFramesBench bench = new FloorLiveFramesBench();
        bench.sessions = "10k";
        bench.work = work;
        boolean count = work.equals("count");
        trial(bench::setUp, () -> bench.rig, bench::tearDown, () -> {
            int teid = bench.drawn.teids()[0];
            String ue = UpfRig.ipv6(bench.drawn.ueAddress()[0]);
            int otherGeneration = teid + DataplaneConfig.defaults().teidSlots();
            assertThat(verdict(bench, Way.UPLINK, UpfRig.frame(Way.UPLINK, teid, ue))).isEqualTo(REDIRECT);
            assertThat(verdict(bench, Way.UPLINK, UpfRig.frame(Way.UPLINK, otherGeneration, ue))).isEqualTo(DROP);
            assertThat(verdict(bench, Way.DOWNLINK, UpfRig.frame(Way.DOWNLINK, 0, ue))).isEqualTo(REDIRECT);
            // Slot 0 of the TEID array is never drawn, so the range's first /64 has no session.
            assertThat(verdict(bench, Way.DOWNLINK, UpfRig.frame(Way.DOWNLINK, 0, "2001:db8:8000::1")))
                    .isEqualTo(DROP);
            if (work.equals("rewrite")) {
                assertRewrites(bench, teid, ue);
            }
            long before = counted(bench);
            long[] first = bench.floor.counted(0);
            long ul = assertForwarded(bench::uplink);
            long afterUplink = counted(bench);
            long[] firstAfter = bench.floor.counted(0);
            long dl = assertForwarded(bench::downlink);
            // Counted where the floor redirected: every frame that came out of it (but the odd ND frame of the UPF
            // namespace's own stack), none more than were sent; each with its octets, in its session's counters.
            assertThat(afterUplink - before).isBetween(count ? ul - 16 : 0, count ? 2L * LiveTraffic.FRAMES : 0);
            assertThat(counted(bench) - afterUplink)
                    .isBetween(count ? dl - 16 : 0, count ? 2L * LiveTraffic.FRAMES : 0);
            assertThat(firstAfter[1] > first[1]).isEqualTo(count);
            assertThat(firstAfter[0] - first[0])
                    .isEqualTo((firstAfter[1] - first[1]) * UpfRig.frame(Way.UPLINK, teid, ue).length);
        });
    }

    private static int verdict(FloorLiveFramesBench bench, Way way, byte[] frame) {
        return run(bench, way, frame).retval();
    }

    private static TestRunResult run(FloorLiveFramesBench bench, Way way, byte[] frame) {
        try (Netns.Entered in = Netns.enter(bench.rig.upf.name())) {
            return bench.floor.program(way, bench.work).testRun(bench.rig.testRun(way, frame));
        }
    }

    /**
     * Session 0's uplink G-PDU leaves as its inner IPv6 packet behind an Ethernet header to the DN gateway, hop limit
     * minus one; its downlink packet leaves behind the outer headers the UPF pushes (lengths, IPv4 checksum and
     * GTP-U TEID of the session's FAR as a packet builder computes them), hop limit minus one.
     */
    private static void assertRewrites(FloorLiveFramesBench bench, int teid, String ue) {
        byte[] gpdu = UpfRig.frame(Way.UPLINK, teid, ue);
        byte[] inner = Arrays.copyOfRange(gpdu, gpdu.length - 66, gpdu.length);
        TestRunResult ul = run(bench, Way.UPLINK, gpdu);
        assertThat(ul.retval()).isEqualTo(REDIRECT);
        byte[] decremented = inner.clone();
        decremented[7]--;
        assertThat(ul.dataOut()).isEqualTo(Packet.eth(UpfRig.UPF_N6_MAC, UpfRig.DN_MAC, e -> e.etherType(0x86dd))
                .payload(decremented).build());
        byte[] packet = UpfRig.frame(Way.DOWNLINK, 0, ue);
        TestRunResult dl = run(bench, Way.DOWNLINK, packet);
        assertThat(dl.retval()).isEqualTo(REDIRECT);
        byte[] sent = Arrays.copyOfRange(packet, 14, packet.length);
        sent[7]--;
        assertThat(dl.dataOut()).isEqualTo(LookupFloor.encapsulated(0, sent)).hasSize(packet.length + 44);
        assertThat(Checksum.of(dl.dataOut(), 14, 20)).as("IPv4 header checksum").isZero();
    }

    /** Packets in the floor's counters of every session. */
    private static long counted(FloorLiveFramesBench bench) {
        long packets = 0;
        for (int i = 0; i < bench.drawn.count(); i++) {
            packets += bench.floor.counted(i)[1];
        }
        return packets;
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

    /**
     * Two bursts: frames come out of the device under test, no more than were sent (plus a few ND frames); returns how
     * many.
     */
    private static long assertForwarded(Burst burst) {
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
        return forwarded.forwarded;
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
