package org.upf.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.VethPair;

/**
 * BPF_F_TEST_XDP_LIVE_FRAMES as a traffic generator: xdp_tx bounces N frames out of one veth end, and
 * xdp_pass_count on the peer must see exactly N.
 */
class LiveFramesTest {
    private static final int FRAMES = 5000;
    private static final int COUNT_XDP_PASS = 0;

    private NetworkNamespace ns;
    private BpfObject obj;

    @BeforeEach
    void setUp() {
        ns = QuietNamespace.create("bind-live");
        VethPair.create(ns, "lf0", ns, "lf1").up();
        obj = BpfObject.openResource("/bpf/xdp_test.bpf.o");
        obj.load(null);
    }

    @AfterEach
    void tearDown() {
        obj.close();
        ns.close();
    }

    @Test
    void sendsExactlyTheRequestedFrames() throws InterruptedException {
        int sender = Netns.ifindex(ns.name(), "lf0");
        int receiver = Netns.ifindex(ns.name(), "lf1");
        // An XDP program on the receiving veth also turns on its NAPI, which veth needs to take XDP frames.
        try (BpfLink counting = Netns.call(ns.name(), () -> obj.program("xdp_pass_count")
                .attachXdp(receiver, XdpMode.NATIVE))) {
            TestRunResult result = Netns.call(ns.name(), () -> obj.program("xdp_tx").testRun(
                    TestRunRequest.builder(frame()).ingressIfindex(sender).repeat(FRAMES).liveFrames(true)
                            .batchSize(64).build()));
            assertThat(result.dataOut()).isEmpty();

            long deadline = System.nanoTime() + 5_000_000_000L;
            while (received() < FRAMES && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(50); // anything beyond N would show up now
            assertThat(received()).isEqualTo(FRAMES);
        }
    }

    /** Broadcast Ethernet frame with a local experimental ethertype (IEEE 802 0x88b5), 64 bytes. */
    private static byte[] frame() {
        ByteBuffer f = ByteBuffer.allocate(64);
        f.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(new byte[] {2, 0, 0, 0, 0, 1}).putShort((short) 0x88b5);
        return f.array();
    }

    private long received() {
        ByteBuffer value = Buffers.direct(8);
        obj.map("counters").lookup(Buffers.u32(COUNT_XDP_PASS), value);
        return value.getLong(0);
    }
}
