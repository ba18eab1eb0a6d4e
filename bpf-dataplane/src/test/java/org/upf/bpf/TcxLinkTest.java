package org.upf.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.VethPair;

/** tcx links (raw bpf_link_create, libbpf 1.1 has no helper) seeing real UDP between two namespaces. */
class TcxLinkTest {
    private static final int TC_INGRESS = 2;
    private static final int TC_EGRESS = 3;

    private NetworkNamespace left;
    private NetworkNamespace right;
    private String rightAddress;
    private BpfObject obj;

    @BeforeEach
    void setUp() {
        left = NetworkNamespace.create("bind-tcx-left");
        right = NetworkNamespace.create("bind-tcx-right");
        int net = ThreadLocalRandom.current().nextInt(64) * 4;
        String prefix = "198.18." + ThreadLocalRandom.current().nextInt(256) + ".";
        rightAddress = prefix + (net + 2);
        VethPair veth = VethPair.create(left, "tl0", right, "tr0");
        veth.a().address(prefix + (net + 1) + "/30").up();
        veth.b().address(rightAddress + "/30").up();
        obj = BpfObject.openResource("/bpf/xdp_test.bpf.o");
        obj.load(null);
    }

    @AfterEach
    void tearDown() {
        obj.close();
        left.close();
        right.close();
    }

    @Test
    void countsEgressAndIngressWhileAttachedOnly() {
        int leftIf = Netns.ifindex(left.name(), "tl0");
        int rightIf = Netns.ifindex(right.name(), "tr0");
        BpfLink egress = Netns.call(left.name(), () -> obj.program("tc_count_egress")
                .attachTcx(leftIf, TcxDirection.EGRESS));
        BpfLink ingress = Netns.call(right.name(), () -> obj.program("tc_count_ingress")
                .attachTcx(rightIf, TcxDirection.INGRESS));
        try (egress; ingress) {
            assertThat(egress.info().programId()).isEqualTo(obj.program("tc_count_egress").id());
            assertThat(ingress.info().ifindex()).isEqualTo(rightIf);
            sendUdp(5);
            assertThat(counter(TC_EGRESS)).isGreaterThanOrEqualTo(5);
            assertThat(counter(TC_INGRESS)).isGreaterThanOrEqualTo(5);
        }
        long egressSeen = counter(TC_EGRESS);
        long ingressSeen = counter(TC_INGRESS);
        sendUdp(5);
        assertThat(counter(TC_EGRESS)).isEqualTo(egressSeen);
        assertThat(counter(TC_INGRESS)).isEqualTo(ingressSeen);
    }

    /** Sends n datagrams left -> right and waits until right has received them all (bounded). */
    private void sendUdp(int n) {
        try (DatagramChannel rx = Netns.call(right.name(), () -> DatagramChannel.open()
                .bind(new InetSocketAddress(rightAddress, 0)))) {
            int port = ((InetSocketAddress) rx.getLocalAddress()).getPort();
            Netns.call(left.name(), () -> {
                try (DatagramChannel tx = DatagramChannel.open()) {
                    for (int i = 0; i < n; i++) {
                        tx.send(ByteBuffer.wrap(new byte[] {(byte) i}), new InetSocketAddress(rightAddress, port));
                    }
                }
                return null;
            });
            rx.socket().setSoTimeout(2000);
            byte[] buf = new byte[16];
            for (int i = 0; i < n; i++) {
                rx.socket().receive(new java.net.DatagramPacket(buf, buf.length));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long counter(int slot) {
        ByteBuffer value = Buffers.direct(8);
        obj.map("counters").lookup(Buffers.u32(slot), value);
        return value.getLong(0);
    }
}
