package org.upf.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.upf.bpf.netns.NetworkNamespace;

/** BPF_PROG_TEST_RUN: verdict, rewritten packet, duration and the xdp_md context, inside a test namespace. */
class TestRunTest {
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;
    private static final int XDP_TX = 3;

    // Two rx queues, so the context's rx_queue_index 1 is valid.
    @RegisterExtension
    final XdpTestBed bed = new XdpTestBed(() -> NetworkNamespace.create("bind-testrun"), n -> n.ip("link", "add",
            "tr0", "numrxqueues", "2", "type", "veth", "peer", "name", "tr1", "numrxqueues", "2"));

    @Test
    void returnsVerdictRewrittenPacketAndDurationWithContext() {
        int ifindex = Netns.ifindex(bed.ns.name(), "tr0");
        byte[] packet = new byte[64];
        packet[63] = 0x5a;
        TestRunResult result = Netns.call(bed.ns.name(), () -> bed.obj.program("xdp_stamp").testRun(
                TestRunRequest.builder(packet).ingressIfindex(ifindex).rxQueueIndex(1).repeat(10_000).build()));

        assertThat(result.retval()).isEqualTo(XDP_PASS);
        assertThat(result.dataOut()).hasSize(64);
        ByteBuffer out = ByteBuffer.wrap(result.dataOut()).order(ByteOrder.nativeOrder());
        assertThat(out.getInt(0)).isEqualTo(ifindex);
        assertThat(out.getInt(4)).isEqualTo(1);
        assertThat(out.get(63)).isEqualTo((byte) 0x5a);
        assertThat(result.durationNs()).isPositive();
    }

    @Test
    void reportsEachProgramsVerdict() {
        byte[] packet = new byte[64];
        assertThat(bed.obj.program("xdp_drop_count").testRun(TestRunRequest.builder(packet).build()).retval())
                .isEqualTo(XDP_DROP);
        assertThat(bed.obj.program("xdp_tx").testRun(TestRunRequest.builder(packet).build()).retval())
                .isEqualTo(XDP_TX);
    }

    @Test
    void countsEveryRepeat() {
        bed.obj.program("xdp_pass_count").testRun(TestRunRequest.builder(new byte[64]).repeat(25).build());
        ByteBuffer value = Buffers.direct(8);
        bed.obj.map("counters").lookup(Buffers.u32(0), value);
        assertThat(value.getLong(0)).isEqualTo(25);
    }

    @Test
    void tooSmallOutputBufferIsReported() {
        assertThatThrownBy(() -> bed.obj.program("xdp_pass_count")
                .testRun(TestRunRequest.builder(new byte[64]).dataOutCapacity(16).build()))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOSPC))
                .hasMessageContaining("dataOutCapacity 16");
    }

    @Test
    void unknownIngressDeviceIsAnError() {
        // ifindex 9999 does not exist in the fresh namespace.
        assertThatThrownBy(() -> Netns.call(bed.ns.name(), () -> bed.obj.program("xdp_stamp")
                .testRun(TestRunRequest.builder(new byte[64]).ingressIfindex(9999).build())))
                .isInstanceOf(BpfException.class).hasMessageContaining("xdp_stamp");
    }
}
