package org.upf.bpf.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * PacketView is used on whatever a program under test emits, so damaged input must never make it
 * throw: every prefix of valid frames, and seeded random mutations of them, decode to something.
 */
class PacketViewRobustnessTest {
    private static final List<byte[]> FRAMES = List.of(
            Packet.eth("02:00:00:00:00:01", "02:00:00:00:00:02", e -> e.vlan(1, 10)).ipv6("2001:db8::1", "2001:db8::2")
                    .udp(2152, 2152).gtpu(1, g -> g.sequence(1)).gtpuExtension(PduSessionContainer.dl(3).ppi(1))
                    .gtpuExtension(new GtpuExtension(0x40, new byte[] {8, 0x68}))
                    .ipv4("198.19.0.1", "198.19.0.2").tcp(1, 2).payload(new byte[10]).build(),
            Packet.eth("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152)
                    .gtpu(2).ipv4("198.18.1.1", "198.18.1.2").udp(2152, 2152).gtpu(3).pduSessionContainerUl(4)
                    .ipv6("2001:db8::1", "2001:db8::2").icmpEcho(1, 1, new byte[4]).build());

    @Test
    void everyPrefixDecodesWithoutThrowing() {
        for (byte[] frame : FRAMES) {
            for (int len = 0; len <= frame.length; len++) {
                byte[] prefix = Arrays.copyOf(frame, len);
                assertThatCode(() -> exercise(prefix)).as("prefix of %d bytes", len).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void randomMutationsDecodeWithoutThrowing() {
        Random random = new Random(20261121);
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = FRAMES.get(i % FRAMES.size()).clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            }
            byte[] mutated = frame;
            assertThatCode(() -> exercise(mutated)).as("mutation %d", i).doesNotThrowAnyException();
        }
    }

    @Test
    void fullFramesDecodeAllTheWayDown() {
        PacketView first = PacketView.ofEthernet(FRAMES.get(0));
        assertThat(first.gtpu().extensions()).hasSize(2);
        assertThat(first.inner().tcp().dstPort()).isEqualTo(2);
        PacketView second = PacketView.ofEthernet(FRAMES.get(1));
        assertThat(second.inner().gtpu().teid()).isEqualTo(3);
        assertThat(second.inner().inner().icmp().v6()).isTrue();
    }

    /** Decodes and touches everything a test might ask for. */
    private static void exercise(byte[] frame) {
        PacketView view = PacketView.ofEthernet(frame);
        for (int i = 0; i <= frame.length; i++) {
            view.fieldAt(i);
        }
        view.find(GtpuView.class).ifPresent(g -> {
            g.pduSession();
            g.fields();
            view.inner().headers();
        });
        boolean hasTransport = view.headers().stream()
                .anyMatch(h -> h instanceof UdpView || h instanceof TcpView || h instanceof IcmpView);
        if (hasTransport) {
            view.transportChecksumValid();
        }
    }
}
