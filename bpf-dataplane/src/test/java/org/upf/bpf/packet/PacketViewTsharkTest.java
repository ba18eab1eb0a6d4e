package org.upf.bpf.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.upf.bpf.testing.Tshark;

/**
 * Frames from the builder decoded by Wireshark's dissectors (tshark) and by {@link PacketView}: both
 * must read the same fields, well-formed frames must raise no expert warning, and every kind of
 * crafted damage must be noticed by Wireshark.
 */
class PacketViewTsharkTest {
    private static final String A = "02:00:00:00:00:01";
    private static final String B = "02:00:00:00:00:02";
    private static final byte[] DATA = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9};

    /** TS 29.281 §5.2.2.1 UDP Port extension header: type 0x40, content = 2-octet port. */
    private static GtpuExtension udpPortExtension(int port) {
        return new GtpuExtension(0x40, new byte[] {(byte) (port >> 8), (byte) port});
    }

    private static byte[] uplinkWithChain() {
        return Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152)
                .gtpu(0x01020304, g -> g.sequence(17))
                .gtpuExtension(udpPortExtension(2152)).pduSessionContainerUl(9)
                .ipv4("198.19.0.10", "198.19.1.1", ip -> ip.ttl(33)).icmpEcho(0x77, 5, DATA).build();
    }

    private static byte[] downlinkV6() {
        return Packet.eth(A, B).ipv6("2001:db8::1", "2001:db8::2").udp(2152, 2152).gtpu(0xfffffffeL)
                .gtpuExtension(PduSessionContainer.dl(5).rqi(true).ppi(6))
                .ipv6("2001:db8:2::1", "2001:db8:1::10").udp(40000, 5000).payload(DATA).build();
    }

    private static byte[] taggedTcp() {
        return Packet.eth(A, B, e -> e.vlan(3, 42)).ipv4("198.18.0.1", "198.18.0.2").tcp(1, 2).payload(DATA).build();
    }

    @Test
    void wellFormedFramesRaiseNoExpertInfo() {
        assertThat(Tshark.expertProblems(List.of(uplinkWithChain(), downlinkV6(), taggedTcp()))).isEmpty();
    }

    @Test
    void transportChecksumsOfWellFormedFramesVerify() {
        for (byte[] frame : List.of(uplinkWithChain(), downlinkV6(), taggedTcp())) {
            PacketView view = PacketView.ofEthernet(frame);
            assertThat(view.transportChecksumValid()).as(view.toString()).isTrue();
        }
        assertThat(PacketView.ofEthernet(uplinkWithChain()).inner().transportChecksumValid()).isTrue();
        assertThat(PacketView.ofEthernet(downlinkV6()).inner().transportChecksumValid()).isTrue();
        byte[] noUdpChecksum = Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2").udp(1, 2, UdpLayer::noChecksum)
                .payload(DATA).build();
        assertThat(PacketView.ofEthernet(noUdpChecksum).transportChecksumValid()).isTrue();
    }

    @Test
    void tsharkAndPacketViewReadTheSameUplinkFields() {
        byte[] frame = uplinkWithChain();
        List<String> row = Tshark.fields(List.of(frame), "gtp.teid", "gtp.seq_number", "gtp.ext_hdr.udp_port",
                "gtp.ext_hdr.pdu_ses_con.pdu_type", "gtp.ext_hdr.pdu_ses_con.qos_flow_id", "ip.src", "ip.ttl",
                "icmp.ident", "icmp.seq", "gtp.length").get(0);
        PacketView view = PacketView.ofEthernet(frame);
        GtpuView gtpu = view.gtpu();
        assertThat(row.get(0)).isEqualTo("0x01020304");
        assertThat(gtpu.teid()).isEqualTo(0x01020304L);
        assertThat(row.get(1)).isEqualTo("0x0011");
        assertThat(gtpu.sequence()).isEqualTo(17);
        assertThat(row.get(2)).isEqualTo("2152");
        assertThat(gtpu.extensions()).extracting(GtpuView.Extension::type).containsExactly(0x40, 0x85);
        assertThat(row.get(3)).isEqualTo("1");
        assertThat(row.get(4)).isEqualTo("9");
        assertThat(gtpu.pduSession()).contains(new GtpuView.PduSessionInfo(1, 9, false, false, -1));
        assertThat(row.get(5)).isEqualTo("198.18.0.1,198.19.0.10");
        PacketView inner = view.inner();
        assertThat(inner.ipv4().src().getHostAddress()).isEqualTo("198.19.0.10");
        assertThat(row.get(6)).isEqualTo("64,33");
        assertThat(inner.ipv4().ttl()).isEqualTo(33);
        assertThat(row.get(7)).isEqualTo("119");
        assertThat(inner.icmp().id()).isEqualTo(0x77);
        assertThat(row.get(8)).isEqualTo("5");
        assertThat(inner.icmp().seq()).isEqualTo(5);
        assertThat(Integer.parseInt(row.get(9))).isEqualTo(gtpu.gtpLength()).isEqualTo(4 + 4 + 4 + 20 + 8 + DATA.length);
        assertThat(view.ipv4().checksumValid()).isTrue();
    }

    @Test
    void tsharkAndPacketViewReadTheSameDownlinkContainer() {
        byte[] frame = downlinkV6();
        List<String> row = Tshark.fields(List.of(frame), "gtp.teid", "gtp.ext_hdr.pdu_ses_con.pdu_type",
                "gtp.ext_hdr.pdu_ses_con.qos_flow_id", "gtp.ext_hdr.pdu_ses_cont.rqi", "gtp.ext_hdr.pdu_ses_cont.ppp",
                "gtp.ext_hdr.pdu_ses_cont.ppi", "ipv6.dst", "udp.dstport").get(0);
        GtpuView gtpu = PacketView.ofEthernet(frame).gtpu();
        assertThat(row.subList(0, 6)).containsExactly("0xfffffffe", "0", "5", "1", "1", "6");
        assertThat(gtpu.teid()).isEqualTo(0xfffffffeL);
        assertThat(gtpu.pduSession()).contains(new GtpuView.PduSessionInfo(0, 5, true, true, 6));
        assertThat(row.get(6)).isEqualTo("2001:db8::2,2001:db8:1::10");
        assertThat(PacketView.ofEthernet(frame).inner().ipv6().dst().getHostAddress()).isEqualTo("2001:db8:1:0:0:0:0:10");
        assertThat(row.get(7)).isEqualTo("2152,5000");
    }

    @Test
    void vlanTagIsReadBack() {
        List<String> row = Tshark.fields(List.of(taggedTcp()), "vlan.id", "vlan.priority", "tcp.dstport").get(0);
        EthernetView eth = PacketView.ofEthernet(taggedTcp()).ethernet();
        assertThat(row).containsExactly("42", "3", "2");
        assertThat(eth.vlanId()).isEqualTo(42);
        assertThat(eth.vlanPriority()).isEqualTo(3);
        assertThat(PacketView.ofEthernet(taggedTcp()).tcp().dstPort()).isEqualTo(2);
    }

    @Test
    void everyCraftedDamageIsSeenByWireshark() {
        var base = Packet.eth(A, B);
        byte[] badIpChecksum = Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2", Ipv4Layer::badChecksum)
                .udp(1, 2).payload(DATA).build();
        byte[] badUdpChecksum = Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2")
                .udp(1, 2, UdpLayer::badChecksum).payload(DATA).build();
        byte[] badIcmpv6Checksum = Packet.eth(A, B).ipv6("2001:db8::1", "2001:db8::2")
                .icmpEcho(1, 1, DATA, IcmpEchoLayer::badChecksum).build();
        byte[] badInnerTcpChecksum = base.ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152).gtpu(1)
                .ipv4("198.19.0.10", "198.19.1.1").tcp(1, 2, TcpLayer::badChecksum).build();
        byte[] truncated = Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152).gtpu(1)
                .pduSessionContainerUl(9).ipv4("198.19.0.10", "198.19.1.1").udp(1, 2).payload(DATA)
                .truncate(14 + 20 + 8 + 12 + 2).build();
        byte[] udpTooLong = Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2").udp(1, 2, u -> u.length(200))
                .payload(DATA).build();
        for (byte[] damaged : List.of(badIpChecksum, badUdpChecksum, badIcmpv6Checksum, badInnerTcpChecksum,
                truncated, udpTooLong)) {
            assertThat(Tshark.expertProblems(List.of(damaged))).as(PacketView.ofEthernet(damaged).toString()).isNotEmpty();
        }
        assertThat(PacketView.ofEthernet(badIpChecksum).ipv4().checksumValid()).isFalse();
        assertThat(PacketView.ofEthernet(badUdpChecksum).transportChecksumValid()).isFalse();
        assertThat(PacketView.ofEthernet(badIcmpv6Checksum).transportChecksumValid()).isFalse();
        assertThat(PacketView.ofEthernet(badInnerTcpChecksum).transportChecksumValid()).isTrue();
        assertThat(PacketView.ofEthernet(badInnerTcpChecksum).inner().transportChecksumValid()).isFalse();
        GtpuView cut = PacketView.ofEthernet(truncated).gtpu();
        assertThat(cut.chainComplete()).isFalse();
        assertThat(cut.qfi()).isEqualTo(-1);
    }

    @Test
    void fieldAtNamesTheHeaderFieldThroughTheTunnel() {
        PacketView view = PacketView.ofEthernet(uplinkWithChain());
        int teid = view.gtpu().offset() + 4;
        assertThat(view.fieldAt(0)).isEqualTo("Ethernet.dst");
        assertThat(view.fieldAt(14 + 8)).isEqualTo("IPv4.ttl");
        assertThat(view.fieldAt(teid + 3)).isEqualTo("GTP-U.teid");
        assertThat(view.fieldAt(view.gtpu().offset() + 12 + 4 + 2)).isEqualTo("GTP-U.ext[1,0x85].content");
        assertThat(view.fieldAt(view.payloadOffset() + 8)).isEqualTo("inner IPv4.ttl");
        assertThat(view.fieldAt(view.payloadOffset() + 20 + 6)).isEqualTo("inner ICMP.seq");
        assertThat(view.fieldAt(view.bytes().length - 1)).isEqualTo("inner payload");
    }
}
