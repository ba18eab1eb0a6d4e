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
 * between two counting programs. Bursts are large because each live test run costs tens of milliseconds to set
 * up; with small bursts frames would flow only in short windows and the updates (about 10-25 ms each on veth)
 * would land between them.
 *
 * <p>Every frame is accounted for by stage ({@link FrameAccount}): the sender's bounce hands it to the receiver's
 * XDP ring or finds that ring full (veth's 256 entries: the sender outran the receiver's NAPI, which happens under
 * CPU load without any replacement and is reported, not failed); every frame the ring took must be counted by
 * exactly one of the two programs (a moment with no program, or a frame run by neither, fails), and no frame
 * may vanish between the two stages (a receiver without XDP for a moment, as a detach would leave it, fails).
 */
class LinkReplacementUnderTrafficTest {
    private static final int REPLACEMENTS = 100;
    private static final int FRAMES_PER_BURST = 100_000;
    private static final int MAX_BURSTS = 400;
    private static final int COUNT_XDP_PASS = XdpTestBed.COUNT_XDP_PASS;
    private static final int COUNT_XDP_PASS_B = XdpTestBed.COUNT_XDP_PASS_B;

    private static final System.Logger LOG = System.getLogger(LinkReplacementUnderTrafficTest.class.getName());

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
            long taken = VethXdpStats.of(bed.ns, "lr0").get("tx_xdp_xmit"); // final: every run has flushed
            waitFor(() -> count(COUNT_XDP_PASS) + count(COUNT_XDP_PASS_B) >= taken);
            Thread.sleep(50); // anything beyond would show up now
            FrameAccount account = new FrameAccount(frames, VethXdpStats.of(bed.ns, "lr0"),
                    VethXdpStats.of(bed.ns, "lr1"), count(COUNT_XDP_PASS), count(COUNT_XDP_PASS_B));
            LOG.log(System.Logger.Level.INFO, "link replacement under traffic: {0}", account);

            assertThat(account.taken()).as("frames the receiver's XDP took; %s", account).isPositive();
            assertThat(account.countedB()).as("the replacement program ran; %s", account).isPositive();
            assertThat(account.drained()).as("the receiver took every frame off its ring; %s", account)
                    .isEqualTo(account.taken());
            assertThat(account.counted()).as("every frame the receiver's XDP took was counted by exactly one "
                    + "program; %d lost by the replacement; %s", account.taken() - account.counted(), account)
                    .isEqualTo(account.taken());
            assertThat(account.taken() + account.ringFull()).as("every frame sent was taken by the receiver or "
                    + "refused by its full ring; %d vanished in between; %s",
                    frames - account.taken() - account.ringFull(), account).isEqualTo(frames);
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

    /**
     * Where a run's frames went. sent: the frames the live test runs bounced out of lr0; ringFull: those lr1's XDP
     * ring refused because it was full (lr0's tx_queue_N_xdp_xmit_errors: the sender outran lr1's NAPI, a property
     * of the load, not of the replacement); taken: those the ring took (lr0's tx_queue_N_xdp_xmit); drained: those
     * lr1's NAPI took off the ring and ran through its XDP program (lr1's rx_queue_N_xdp_packets); countedA/B: the
     * counts of the two programs the link alternated between.
     */
    record FrameAccount(long sent, long ringFull, long taken, long drained, long countedA, long countedB) {
        FrameAccount(long sent, VethXdpStats sender, VethXdpStats receiver, long countedA, long countedB) {
            this(sent, sender.get("tx_xdp_xmit_errors"), sender.get("tx_xdp_xmit"), receiver.get("rx_xdp_packets"),
                    countedA, countedB);
        }

        long counted() {
            return countedA + countedB;
        }
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
