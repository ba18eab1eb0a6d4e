package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upf.bpf.Netns;
import org.upf.bpf.TestRunRequest;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;

/**
 * MBR policing from two CPUs at once on one QER. The conforming volume may never exceed the configured rate times
 * the elapsed time plus the burst (CPUs sharing a bucket must not both spend the same credit), and must reach 95%
 * of the rate times the time the program was actually running (the kernel's test-run clock: on a shared machine
 * a preempted thread offers no load, so wall time alone would make the lower bound flaky). Conforming packets go on to a FAR whose peer has no route (counted as
 * FIB_MISS, frame untouched) and non-conforming ones are MBR_EXCEEDED, so BPF_PROG_TEST_RUN can repeat the same
 * frame millions of times and the two counters split the offered load exactly.
 */
@Isolated
class PolicerAccuracyTest {
    static final int THREADS = 2;
    static final long RUN_NANOS = 400_000_000L;
    static final int BURST = 1500;
    static Testbed bed;
    static byte[] frame;

    @BeforeAll
    static void setUp() {
        bed = new Testbed();
        frame = Packet.eth(Testbed.DN_MAC, Testbed.UPF_N6_MAC).ipv4(Testbed.DN_HOST, Sessions.UE).udp(5001, 40000)
                .payload(new byte[100]).build();
    }

    @AfterAll
    static void tearDown() {
        bed.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1_000_000L, 10_000_000L, 100_000_000L})
    void concurrentCpusTogetherGetTheConfiguredRate(long bps) throws Exception {
        FarRule unroutable = FarRule.forwardGtpu(Sessions.addr(Testbed.UPF_N3), Sessions.addr("198.19.250.1"),
                1, null);
        SessionRules policed = Sessions.basic(unroutable).qer(Sessions.QER, new QerRule(true, true,
                QerRule.Rate.UNLIMITED, QerRule.Rate.maximum(bps, BURST), null, false)).build();
        bed.dp.install(policed);
        long repeats = repeatsFor(RUN_NANOS);
        bed.dp.install(policed); // fresh meter: the measured run starts with a full burst
        long passedBefore = bed.drops(DropReason.FIB_MISS);
        long policedBefore = bed.drops(DropReason.MBR_EXCEEDED);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        double busiest = 0;
        long start = System.nanoTime();
        try {
            List<Future<Long>> runs = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                runs.add(pool.submit(() -> run((int) repeats)));
            }
            for (Future<Long> f : runs) {
                busiest = Math.max(busiest, f.get() * repeats / 1e9);
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        long passed = bed.drops(DropReason.FIB_MISS) - passedBefore;
        long dropped = bed.drops(DropReason.MBR_EXCEEDED) - policedBefore;
        int inner = frame.length - 14;
        assertThat(passed + dropped).isEqualTo(THREADS * repeats);
        assertThat(dropped).as("the offered load must exceed the rate").isGreaterThan(passed);
        assertThat((double) passed * inner).as("conforming bytes at %d bit/s, %.3f s wall", bps, seconds)
                .isLessThanOrEqualTo(bps / 8.0 * seconds + BURST + inner)
                .isGreaterThanOrEqualTo(0.95 * bps / 8.0 * busiest);
    }

    /** Repeats that take about nanos, from a calibration run. */
    static long repeatsFor(long nanos) {
        long perRun = Math.max(1, run(20_000));
        return Math.min(20_000_000L, nanos / perRun);
    }

    /** Runs the N6 program repeat times on this thread's CPU; returns the kernel's average ns per run. */
    static long run(int repeat) {
        return Netns.call(bed.ns.name(), () -> bed.dp.program(Role.N6).testRun(TestRunRequest.builder(frame)
                .ingressIfindex(bed.n6).repeat(repeat).build()).durationNs());
    }
}
