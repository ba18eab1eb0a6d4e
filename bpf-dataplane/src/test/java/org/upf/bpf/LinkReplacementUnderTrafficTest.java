package org.upf.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.upf.bpf.netns.PinRoot;
import org.upf.bpf.netns.VethPair;

/**
 * The upgrade guarantee: replacing the program behind a pinned XDP link (bpf_link_update) 100 times while frames
 * flow loses none. Traffic comes from live-frames test runs on one veth end; the receiving end alternates
 * between two counting programs, and their counters together must equal the frames sent. Bursts are large
 * because each live test run costs tens of milliseconds to set up; with small bursts frames would flow only in
 * short windows and the updates (about 10-25 ms each on veth) would land between them.
 */
class LinkReplacementUnderTrafficTest {
    private static final int REPLACEMENTS = 100;
    private static final int FRAMES_PER_BURST = 100_000;
    private static final int MAX_BURSTS = 400;
    private static final int COUNT_XDP_PASS = XdpTestBed.COUNT_XDP_PASS;
    private static final int COUNT_XDP_PASS_B = XdpTestBed.COUNT_XDP_PASS_B;

    @RegisterExtension
    final XdpTestBed bed = new XdpTestBed(() -> QuietNamespace.create("bind-replace"),
            n -> VethPair.create(n, "lr0", n, "lr1").up());

    @Test
    void hundredReplacementsUnderTrafficLoseNothing() throws Exception {
        int sender = Netns.ifindex(bed.ns.name(), "lr0");
        int receiver = Netns.ifindex(bed.ns.name(), "lr1");
        BpfProgram a = bed.obj.program("xdp_pass_count");
        BpfProgram b = bed.obj.program("xdp_pass_count_b");
        ExecutorService traffic = Executors.newSingleThreadExecutor();
        try (PinRoot pins = PinRoot.create()) {
            Path pin = Files.createDirectories(pins.path().resolve("links")).resolve("lr1-xdp");
            try (BpfLink link = Netns.call(bed.ns.name(), () -> a.attachXdp(receiver, XdpMode.NATIVE))) {
                link.pin(pin);
            }
            AtomicBoolean stop = new AtomicBoolean();
            Future<Long> sent = traffic.submit(() -> Netns.call(bed.ns.name(), () -> sendUntil(stop, sender)));
            waitFor(() -> count(COUNT_XDP_PASS) > 0);

            try (BpfLink link = BpfLink.openPinned(pin)) {
                for (int i = 1; i <= REPLACEMENTS; i++) {
                    BpfProgram next = i % 2 == 1 ? b : a;
                    link.update(next);
                    assertThat(link.info().programId()).isEqualTo(next.id());
                    Thread.sleep(2); // let frames reach each program
                }
            }
            stop.set(true);
            long frames = sent.get(60, TimeUnit.SECONDS);
            waitFor(() -> count(COUNT_XDP_PASS) + count(COUNT_XDP_PASS_B) >= frames);
            Thread.sleep(50);

            assertThat(frames).isGreaterThan(0);
            assertThat(count(COUNT_XDP_PASS_B)).as("the replacement program ran").isPositive();
            assertThat(count(COUNT_XDP_PASS) + count(COUNT_XDP_PASS_B)).as("frames counted = frames sent")
                    .isEqualTo(frames);
            try (BpfLink link = BpfLink.openPinned(pin)) {
                link.detach();
            }
            Files.delete(pin);
        } finally {
            traffic.shutdownNow();
        }
    }

    /** Live-frame bursts until stopped (bounded by MAX_BURSTS); returns the frames sent. */
    private long sendUntil(AtomicBoolean stop, int ifindex) {
        TestRunRequest burst = TestRunRequest.builder(XdpTestBed.broadcastFrame(2)).ingressIfindex(ifindex)
                .repeat(FRAMES_PER_BURST).liveFrames(true).batchSize(64).build();
        long frames = 0;
        for (int i = 0; i < MAX_BURSTS && !stop.get(); i++) {
            bed.obj.program("xdp_tx").testRun(burst);
            frames += FRAMES_PER_BURST;
        }
        return frames;
    }

    private long count(int slot) {
        return bed.count(slot);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
