package org.upf.bpf.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;
import org.upf.bpf.BpfObject;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.packet.PacketView;

/** ProgramAssert on real programs in the kernel (the binding's xdp_test.bpf.o), passing and failing. */
@ExtendWith(TopologyExtension.class)
class ProgramAssertTest {
    private static final byte[] UPLINK = Packet.eth("ff:ff:ff:ff:ff:ff", "ff:ff:ff:ff:ff:ff")
            .ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152).gtpu(0x1234).pduSessionContainerUl(9)
            .ipv4("198.19.0.10", "198.19.1.1").icmpEcho(1, 1, new byte[16]).build();

    private BpfObject obj;

    @BeforeEach
    void load() {
        obj = BpfObject.openResource("/bpf/xdp_test.bpf.o");
        obj.load(null);
    }

    @AfterEach
    void unload() {
        obj.close();
    }

    @Test
    void passingProgramLeavesThePacketAlone() {
        ProgramAssert.Run run = ProgramAssert.assertThatProgram(obj.program("xdp_pass_count")).runOn(UPLINK)
                .hasVerdict(XdpAction.PASS).outputsInput();
        assertThat(run.outputView().gtpu().qfi()).isEqualTo(9);
    }

    @Test
    void wrongVerdictFailsNamingBoth() {
        assertThatThrownBy(() -> ProgramAssert.assertThatProgram(obj.program("xdp_drop_count")).runOn(UPLINK)
                .hasVerdict(XdpAction.PASS))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("xdp_drop_count returned XDP_DROP, expected XDP_PASS");
    }

    @Test
    void rewrittenPacketIsComparedFieldByField(Topology topology) {
        NetworkNamespace ns = topology.namespace("pa");
        int ifindex = topology.veth(ns, "pa0", topology.namespace("pb"), "pb0").up().a().ifindex();
        // xdp_stamp writes ingress_ifindex and rx_queue_index (little-endian u32s) over bytes 0..7.
        byte[] stamped = UPLINK.clone();
        java.nio.ByteBuffer.wrap(stamped).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(ifindex).putInt(0);

        ProgramAssert stamp = ProgramAssert.assertThatProgram(obj.program("xdp_stamp")).inNamespace(ns.name(), ifindex);
        stamp.runOn(UPLINK).hasVerdict(XdpAction.PASS).outputs(stamped);
        assertThatThrownBy(() -> stamp.runOn(UPLINK).outputsInput())
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("8 differing bytes")
                .hasMessageContaining("@0..5 Ethernet.dst: expected ffffffffffff, got "
                        + java.util.HexFormat.of().formatHex(stamped, 0, 6))
                .hasMessageContaining("@6..7 Ethernet.src: expected ffff, got 0000");
    }

    @Test
    void byteDiffNamesFieldsThroughTheTunnelAndLengthChanges() {
        byte[] changed = Packet.eth("ff:ff:ff:ff:ff:ff", "ff:ff:ff:ff:ff:ff")
                .ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152).gtpu(0x1235).pduSessionContainerUl(9)
                .ipv4("198.19.0.10", "198.19.1.1", ip -> ip.ttl(63)).icmpEcho(1, 1, new byte[16]).build();
        String diff = ByteDiff.describe(UPLINK, changed, PacketView.ofEthernet(UPLINK)::fieldAt);
        assertThat(diff).contains("GTP-U.teid: expected 34, got 35")
                .contains("inner IPv4.ttl: expected 40, got 3f")
                .contains("inner IPv4.checksum");
        String shorter = ByteDiff.describe(UPLINK, java.util.Arrays.copyOf(UPLINK, UPLINK.length - 4),
                PacketView.ofEthernet(UPLINK)::fieldAt);
        assertThat(shorter).contains("expected " + UPLINK.length + " bytes, got " + (UPLINK.length - 4))
                .contains("inner payload: expected only 00000000");
        assertThat(ByteDiff.describe(UPLINK, UPLINK.clone(), i -> "x")).isNull();
        assertThatThrownBy(() -> PacketAssert.assertPacketEquals("N6 output", UPLINK, changed))
                .isInstanceOf(AssertionFailedError.class).hasMessageStartingWith("N6 output: packets differ")
                .hasMessageContaining("GTP-U.teid");
        PacketAssert.assertPacketEquals(UPLINK, UPLINK.clone());
    }
}
