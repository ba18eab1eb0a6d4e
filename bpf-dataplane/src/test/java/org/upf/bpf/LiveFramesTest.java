package org.upf.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.upf.bpf.netns.VethPair;

/**
 * BPF_F_TEST_XDP_LIVE_FRAMES as a traffic generator: xdp_tx bounces N frames out of one veth end, and
 * xdp_pass_count on the peer must see exactly N.
 */
class LiveFramesTest {
    private static final int FRAMES = 5000;

    @RegisterExtension
    final XdpTestBed bed = new XdpTestBed(() -> QuietNamespace.create("bind-live"),
            n -> VethPair.create(n, "lf0", n, "lf1").up());

    @Test
    void sendsExactlyTheRequestedFrames() throws InterruptedException {
        int sender = Netns.ifindex(bed.ns.name(), "lf0");
        int receiver = Netns.ifindex(bed.ns.name(), "lf1");
        // An XDP program on the receiving veth also turns on its NAPI, which veth needs to take XDP frames.
        try (BpfLink counting = Netns.call(bed.ns.name(), () -> bed.obj.program("xdp_pass_count")
                .attachXdp(receiver, XdpMode.NATIVE))) {
            TestRunResult result = Netns.call(bed.ns.name(), () -> bed.obj.program("xdp_tx").testRun(
                    TestRunRequest.builder(XdpTestBed.broadcastFrame(1)).ingressIfindex(sender).repeat(FRAMES)
                            .liveFrames(true).batchSize(64).build()));
            assertThat(result.dataOut()).isEmpty();

            long deadline = System.nanoTime() + 5_000_000_000L;
            while (received() < FRAMES && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(50); // anything beyond N would show up now
            assertThat(received()).isEqualTo(FRAMES);
        }
    }

    private long received() {
        return bed.count(XdpTestBed.COUNT_XDP_PASS);
    }
}
