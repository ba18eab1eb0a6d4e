package org.upf.bpf.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.packet.PacketView;

/** Frames sent with {@link Wire#send} cross a veth pair unchanged and are captured by {@link Wire#capture}. */
@ExtendWith(TopologyExtension.class)
class WireTest {

    private static byte[] uplink(int seq) {
        return Packet.eth("02:00:00:00:03:01", "02:00:00:00:03:02").ipv4("198.18.0.1", "198.18.0.2")
                .udp(2152, 2152).gtpu(0xabc, g -> g.sequence(seq)).pduSessionContainerUl(5)
                .ipv4("198.19.0.10", "198.19.1.1").icmpEcho(7, seq, new byte[32]).build();
    }

    @Test
    void framesSentOnOneEndArriveByteForByteOnTheOther(Topology topology) {
        NetworkNamespace gnb = topology.namespace("gnb");
        NetworkNamespace upf = topology.namespace("upf");
        topology.veth(gnb, "n3gnb", upf, "n3upf").up();
        List<byte[]> sent = List.of(uplink(1), uplink(2), uplink(3));

        List<byte[]> captured = Wire.capture(upf, "n3upf", "udp port 2152", sent.size(), Duration.ofSeconds(5),
                () -> Wire.send(gnb, "n3gnb", sent));

        assertThat(captured).hasSize(3);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(ByteDiff.describe(sent.get(i), captured.get(i), PacketView.ofEthernet(sent.get(i))::fieldAt))
                    .isNull();
        }
        assertThat(PacketView.ofEthernet(captured.get(2)).gtpu().sequence()).isEqualTo(3);
    }

    @Test
    void captureEndsAtItsTimeoutWhenNothingMatches(Topology topology) {
        NetworkNamespace a = topology.namespace("a");
        NetworkNamespace b = topology.namespace("b");
        topology.veth(a, "a0", b, "b0").up();
        long start = System.nanoTime();
        List<byte[]> captured = Wire.capture(b, "b0", "udp port 2152", 1, Duration.ofMillis(300),
                () -> Wire.send(a, "a0", List.of(Packet.eth("02:00:00:00:03:01", "02:00:00:00:03:02")
                        .ipv4("198.18.0.1", "198.18.0.2").udp(4000, 4001).payload(new byte[8]).build())));
        assertThat(captured).isEmpty();
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(15).toNanos());
    }
}
