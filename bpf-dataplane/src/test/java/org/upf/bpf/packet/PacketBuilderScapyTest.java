package org.upf.bpf.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.upf.bpf.testing.Scapy;

/** Every layer and stacking of the builder, byte for byte against the same packet built by Scapy. */
class PacketBuilderScapyTest {
    private static final String A = "02:00:00:00:00:01";
    private static final String B = "02:00:00:00:00:02";
    private static final String ETHER = "Ether(src='" + A + "',dst='" + B + "')";
    private static final byte[] DATA = "upf-harness-payload".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String RAW = "Raw(b'upf-harness-payload')";

    private record Case(String name, byte[] ours, String scapy) {}

    private static String ip(String src, String dst) {
        return "IP(src='" + src + "',dst='" + dst + "',id=0)";
    }

    private static String gtpu(String fields) {
        return "UDP(sport=2152,dport=2152)/GTP_U_Header(gtp_type=255," + fields + ")";
    }

    static List<Case> cases() {
        return List.of(
                new Case("Ethernet/IPv4/UDP",
                        Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2").udp(1234, 5678).payload(DATA).build(),
                        ETHER + "/" + ip("198.18.0.1", "198.18.0.2") + "/UDP(sport=1234,dport=5678)/" + RAW),
                new Case("Ethernet/802.1Q/IPv6/TCP",
                        Packet.eth(A, B, e -> e.vlan(5, 100))
                                .ipv6("2001:db8::1", "2001:db8::2", ip -> ip.trafficClass(0xb8).flowLabel(0x12345))
                                .tcp(40000, 80, t -> t.seq(1000).ack(2000).flags(TcpLayer.PSH | TcpLayer.ACK).window(512))
                                .payload(DATA).build(),
                        ETHER + "/Dot1Q(prio=5,vlan=100)/IPv6(src='2001:db8::1',dst='2001:db8::2',tc=0xb8,fl=0x12345)"
                                + "/TCP(sport=40000,dport=80,seq=1000,ack=2000,flags='PA',window=512)/" + RAW),
                new Case("Ethernet/IPv4 with options, DF, TTL/ICMP echo",
                        Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2", ip -> ip.ttl(3).dscp(46).identification(77)
                                        .dontFragment().options(new byte[] {1, 1, 1, 0}))
                                .icmpEcho(0x4242, 7, DATA).build(),
                        ETHER + "/IP(src='198.18.0.1',dst='198.18.0.2',ttl=3,tos=184,id=77,flags='DF',"
                                + "options=[IPOption(b'\\x01\\x01\\x01\\x00')])/ICMP(type=8,id=0x4242,seq=7)/" + RAW),
                new Case("Ethernet/IPv6/ICMPv6 echo reply",
                        Packet.eth(A, B).ipv6("2001:db8::1", "2001:db8::2", ip -> ip.hopLimit(255))
                                .icmpEcho(9, 10, DATA, IcmpEchoLayer::reply).build(),
                        ETHER + "/IPv6(src='2001:db8::1',dst='2001:db8::2',hlim=255)"
                                + "/ICMPv6EchoReply(id=9,seq=10,data=b'upf-harness-payload')"),
                new Case("G-PDU without extension: IPv4/UDP/GTP-U/IPv4/ICMP",
                        Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152).gtpu(0x11223344)
                                .ipv4("198.19.0.10", "198.19.1.1").icmpEcho(1, 2, DATA).build(),
                        ETHER + "/" + ip("198.18.0.1", "198.18.0.2") + "/" + gtpu("teid=0x11223344") + "/"
                                + ip("198.19.0.10", "198.19.1.1") + "/ICMP(id=1,seq=2)/" + RAW),
                new Case("UL PDU Session Container QFI 9, inner IPv4/UDP",
                        Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152).gtpu(0xabcdef01)
                                .pduSessionContainerUl(9).ipv4("198.19.0.10", "198.19.1.1").udp(5000, 53)
                                .payload(DATA).build(),
                        ETHER + "/" + ip("198.18.0.1", "198.18.0.2") + "/"
                                + gtpu("teid=0xabcdef01,E=1,next_ex=0x85") + "/GTPPDUSessionContainer(type=1,QFI=9)/"
                                + ip("198.19.0.10", "198.19.1.1") + "/UDP(sport=5000,dport=53)/" + RAW),
                new Case("DL PDU Session Container RQI+PPI over IPv6, inner IPv6/TCP",
                        Packet.eth(A, B).ipv6("2001:db8::1", "2001:db8::2").udp(2152, 2152).gtpu(7)
                                .gtpuExtension(PduSessionContainer.dl(63).rqi(true).ppi(5))
                                .ipv6("2001:db8:1::10", "2001:db8:2::1").tcp(1, 2).build(),
                        ETHER + "/IPv6(src='2001:db8::1',dst='2001:db8::2')/" + gtpu("teid=7,E=1,next_ex=0x85")
                                + "/GTPPDUSessionContainer(type=0,RQI=1,PPP=1,PPI=5,QFI=63)"
                                + "/IPv6(src='2001:db8:1::10',dst='2001:db8:2::1')/TCP(sport=1,dport=2,window=65535)"),
                new Case("GTP-U with sequence and N-PDU numbers",
                        Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152)
                                .gtpu(42, g -> g.sequence(0xbeef).npdu(0x33))
                                .ipv4("198.19.0.10", "198.19.1.1", ip -> ip.protocol(253))
                                .payload(DATA).build(),
                        ETHER + "/" + ip("198.18.0.1", "198.18.0.2") + "/" + gtpu("teid=42,S=1,PN=1,seq=0xbeef,npdu=0x33")
                                + "/IP(src='198.19.0.10',dst='198.19.1.1',id=0,proto=253)/" + RAW),
                new Case("GTP-U inside GTP-U",
                        Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152).gtpu(1)
                                .ipv4("198.18.1.1", "198.18.1.2").udp(2152, 2152).gtpu(2).pduSessionContainerUl(1)
                                .ipv4("198.19.0.10", "198.19.1.1").icmpEcho(3, 4, DATA).build(),
                        ETHER + "/" + ip("198.18.0.1", "198.18.0.2") + "/" + gtpu("teid=1") + "/"
                                + ip("198.18.1.1", "198.18.1.2") + "/" + gtpu("teid=2,E=1,next_ex=0x85")
                                + "/GTPPDUSessionContainer(type=1,QFI=1)/" + ip("198.19.0.10", "198.19.1.1")
                                + "/ICMP(id=3,seq=4)/" + RAW),
                new Case("GTP-U echo request (no T-PDU)",
                        Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152)
                                .gtpu(0, g -> g.messageType(GtpuLayer.ECHO_REQUEST).sequence(1)).build(),
                        ETHER + "/" + ip("198.18.0.1", "198.18.0.2")
                                + "/UDP(sport=2152,dport=2152)/GTP_U_Header(gtp_type=1,teid=0,S=1,seq=1)"),
                new Case("GTP-U message alone, as a gNB hands it to a UDP socket",
                        Packet.builder().gtpu(0x55, g -> g.npdu(3)).pduSessionContainerUl(2)
                                .ipv6("2001:db8:1::10", "2001:db8:2::1").udp(40000, 5000).payload(DATA).build(),
                        "GTP_U_Header(gtp_type=255,teid=0x55,E=1,PN=1,npdu=3,next_ex=0x85)"
                                + "/GTPPDUSessionContainer(type=1,QFI=2)/IPv6(src='2001:db8:1::10',dst='2001:db8:2::1')"
                                + "/UDP(sport=40000,dport=5000)/" + RAW),
                new Case("IPv4 fragment with MF set and an offset",
                        Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2", ip -> ip.moreFragments().fragmentOffset(100)
                                .identification(9)).udp(1, 2).payload(DATA).build(),
                        ETHER + "/IP(src='198.18.0.1',dst='198.18.0.2',id=9,flags='MF',frag=100)/UDP(sport=1,dport=2)/"
                                + RAW),
                new Case("malformed: wrong lengths and checksums as told",
                        Packet.eth(A, B).ipv4("198.18.0.1", "198.18.0.2", ip -> ip.totalLength(1000).checksum(0x1234))
                                .udp(2152, 2152, u -> u.length(9).checksum(0xabcd))
                                .gtpu(5, g -> g.length(3)).payload(DATA).build(),
                        ETHER + "/IP(src='198.18.0.1',dst='198.18.0.2',id=0,len=1000,chksum=0x1234)"
                                + "/UDP(sport=2152,dport=2152,len=9,chksum=0xabcd)/GTP_U_Header(gtp_type=255,teid=5,length=3)/"
                                + RAW));
    }

    @TestFactory
    Stream<DynamicTest> sameBytesAsScapy() {
        List<Case> cases = cases();
        List<byte[]> expected = Scapy.buildAll(cases.stream().map(Case::scapy).toList());
        assertThat(expected).hasSameSizeAs(cases);
        HexFormat hex = HexFormat.of();
        return java.util.stream.IntStream.range(0, cases.size()).mapToObj(i -> DynamicTest.dynamicTest(
                cases.get(i).name(),
                () -> assertThat(hex.formatHex(cases.get(i).ours())).isEqualTo(hex.formatHex(expected.get(i)))));
    }
}
