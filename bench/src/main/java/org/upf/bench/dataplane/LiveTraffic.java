package org.upf.bench.dataplane;

import java.util.function.Supplier;
import org.upf.bench.CpuTime;
import org.upf.bpf.BpfProgram;
import org.upf.bpf.BpfRunStats;
import org.upf.bpf.TestRunRequest;
import org.upf.bench.dataplane.UpfRig.Way;

/**
 * One direction of generated traffic through a {@link UpfRig}: xdp_gen sends {@value #FRAMES} frames per call
 * (BPF_F_TEST_XDP_LIVE_FRAMES, batches of {@value #BATCH}) from the far end's veth, the device under test
 * attached natively to the UPF interface forwards them, xdp_drop_count counts them at the other end. The veths'
 * NAPI polls run as softirqs on the generating thread's core after each batch, so that thread's CPU time covers
 * generator, device under test and receiver (this kernel charges softirq time to the interrupted thread).
 */
final class LiveTraffic {
    static final int FRAMES = 65_536;
    /** Bursts the run statistics of the device under test are taken over, once per trial. */
    static final int STATS_BURSTS = 4;
    private static final int BATCH = 64;

    private final UpfRig rig;
    private final Way way;
    private final TestRunRequest burst;
    private final BpfProgram dut;
    private long forwarded;
    private boolean sent;

    /** dut: the program attached to the UPF interface that way's frames come in on. */
    LiveTraffic(UpfRig rig, Way way, BulkSessions sessions, BpfProgram dut) {
        this.rig = rig;
        this.way = way;
        this.dut = dut;
        this.burst = rig.generator(way, sessions, FRAMES, BATCH);
    }

    /**
     * Sends one burst; adds the frames that arrived meanwhile to both counters. The receivers' polls run before the
     * call returns, so a burst's frames are counted with it (the odd late one with the next).
     */
    void burst(Forwarded out, CpuTime cpu) {
        long before = rig.arrived();
        rig.generate(way, burst);
        sent = true;
        long arrived = rig.arrived() - before;
        out.forwarded += arrived;
        cpu.ops += arrived;
        forwarded += arrived;
    }

    /**
     * The device under test's own run time per packet on this path, from the kernel's run statistics
     * (BPF_ENABLE_STATS: run_time_ns / run_cnt) over {@code bursts} bursts: without the generator, the transmit
     * after the redirect and the receiver. Statistics cost two clock reads per run of every program, so they are on
     * only here, never while throughput is measured.
     */
    double programNanos(int bursts) {
        try (BpfRunStats.Enabled on = BpfRunStats.enable()) {
            BpfRunStats before = BpfRunStats.of(dut.fd());
            for (int i = 0; i < bursts; i++) {
                rig.generate(way, burst);
            }
            BpfRunStats after = BpfRunStats.of(dut.fd());
            long runs = after.runCount() - before.runCount();
            if (runs < bursts) {
                throw new IllegalStateException(way + ": " + dut.name() + " ran " + runs + " times for " + bursts
                        + " bursts");
            }
            return (double) (after.runTimeNanos() - before.runTimeNanos()) / runs;
        }
    }

    /**
     * Fails if bursts were sent but no frame made it through: a misrouted set-up must not pass for a slow one.
     * why describes the device under test's state for the message.
     */
    void checkDelivered(Supplier<String> why) {
        if (sent && forwarded == 0) {
            throw new IllegalStateException(way + ": no generated frame came out of the device under test; "
                    + why.get());
        }
    }
}
