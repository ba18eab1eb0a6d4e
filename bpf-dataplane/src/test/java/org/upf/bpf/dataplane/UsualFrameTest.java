package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.TEID;
import static org.upf.bpf.dataplane.Sessions.UE;
import static org.upf.bpf.dataplane.Sessions.UE_V6;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_HOST_V6;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB;
import static org.upf.bpf.dataplane.Testbed.GNB_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB_V6;
import static org.upf.bpf.dataplane.Testbed.UPF_N3;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_V6;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.GtpuExtension;
import org.upf.bpf.packet.GtpuLayer;
import org.upf.bpf.packet.Ipv4Layer;
import org.upf.bpf.packet.Ipv6Layer;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.packet.PacketBuilder;
import org.upf.bpf.packet.UdpLayer;

/**
 * The usual frames, read with one bounds check (upf_usual_gpdu uplink, upf_usual_frame downlink), end exactly as
 * the generic parse ends the same packet in a layout it alone reads: same verdict, same frame out, same counters.
 * Uplink twins: an outer IPv4 option, or the S flag in the GTP-U header (the same header length, so the same
 * GTP-U octets); downlink twin: a VLAN tag. Each T-PDU / N6 packet variant is one the usual path reads itself or
 * one it must leave to the generic parse. The twins alone would pass if both paths ended a frame alike but wrong, so
 * {@link #endsAsExpected} pins each usual frame and each edge case (GTP-U flags, PSC length, extension chain, DL PDU
 * type on N3, GTP-U and UDP lengths, outer fragments, inner IHL 4 / options / IPv6, Ethernet trailer) to its own
 * verdict, drop or control-path reason and, when forwarded, the exact frame out.
 */
class UsualFrameTest extends BasicSessionFixture {
    static final byte[] DATA = "usual payload".getBytes();
    static final byte[] NOP_OPTIONS = {1, 1, 1, 0};

    /** IP packets of each layout, named, from src4 to dst4 (IPv4) or src6 to dst6 (IPv6). */
    static Stream<Arguments> packets(String src4, String dst4, String src6, String dst6, int sport, int dport) {
        return Stream.of(
                named("IPv4 UDP", b -> b.ipv4(src4, dst4).udp(sport, dport).payload(DATA)),
                named("IPv4 TCP", b -> b.ipv4(src4, dst4).tcp(sport, dport)),
                named("IPv4 ICMP", b -> b.ipv4(src4, dst4).icmpEcho(1, 2, DATA)),
                named("IPv4 with options", b -> b.ipv4(src4, dst4, l -> l.options(NOP_OPTIONS)).udp(sport, dport)
                        .payload(DATA)),
                named("IPv4 later fragment", b -> b.ipv4(src4, dst4, l -> l.fragmentOffset(8)).udp(sport, dport)
                        .payload(DATA)),
                named("IPv4 header alone", b -> b.ipv4(src4, dst4, l -> l.protocol(17))),
                named("IPv4 longer than the frame", b -> b.ipv4(src4, dst4, l -> l.totalLength(400))
                        .udp(sport, dport).payload(DATA)),
                named("IPv6 UDP", b -> b.ipv6(src6, dst6).udp(sport, dport).payload(DATA)),
                named("IPv6 TCP", b -> b.ipv6(src6, dst6).tcp(sport, dport)),
                named("IPv6 longer than the frame", b -> b.ipv6(src6, dst6, l -> l.payloadLength(900))
                        .udp(sport, dport).payload(DATA)));
    }

    static Stream<Arguments> tpdus() {
        return Stream.concat(packets(UE, DN_HOST, UE_V6, DN_HOST_V6, 40000, 5001), Stream.of(
                named("IPv4 GTP-U inside", b -> b.ipv4(UE, DN_HOST).udp(2152, 2152).payload(DATA)),
                named("not IP", b -> b.payload(new byte[24]))));
    }

    static Stream<Arguments> n6Packets() {
        return packets(DN_HOST, UE, DN_HOST_V6, UE_V6, 5001, 40000);
    }

    private static Arguments named(String name, Consumer<PacketBuilder> packet) {
        return Arguments.of(name, packet);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tpdus")
    void uplinkEndsAsTheGenericParseEndsIt(String name, Consumer<PacketBuilder> tpdu) {
        byte[] usual = UplinkTest.gpdu(TEID, tpdu).build();
        byte[] outerOption = withTpdu(Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3, l -> l.options(NOP_OPTIONS))
                .udp(2152, 2152).gtpu(TEID).pduSessionContainerUl(QFI), tpdu);
        byte[] sequenced = withTpdu(Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152)
                .gtpu(TEID, g -> g.sequence(9)).pduSessionContainerUl(QFI), tpdu);
        byte[] padded = Arrays.copyOf(usual, usual.length + 6); // an Ethernet trailer after the outer packet

        Outcome expected = outcome(Role.N3, usual);

        assertThat(outcome(Role.N3, outerOption)).isEqualTo(expected);
        assertThat(outcome(Role.N3, sequenced)).isEqualTo(expected);
        assertThat(outcome(Role.N3, padded)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("n6Packets")
    void downlinkEndsAsTheGenericParseEndsIt(String name, Consumer<PacketBuilder> packet) {
        byte[] usual = withTpdu(Packet.eth(DN_MAC, UPF_N6_MAC), packet);
        byte[] tagged = withTpdu(Packet.eth(DN_MAC, UPF_N6_MAC, e -> e.vlan(0, 100)), packet);

        assertThat(outcome(Role.N6, tagged)).isEqualTo(outcome(Role.N6, usual));
    }

    /**
     * A frame and how it must end: verdict, the one drop reason counted (or none), the one control-path reason
     * counted (or none), the frame out (forwarded).
     */
    record Expected(String name, Role role, byte[] frame, int verdict, DropReason drop, CpReason cp, byte[] out) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final byte[] UPLINK_OUT = Packet.eth(UPF_N6_MAC, DN_MAC).ipv4(UE, DN_HOST, l -> l.ttl(63)).udp(40000, 5001)
            .payload(DATA).build();

    private static Expected forwarded(String name, Role role, byte[] frame, byte[] out) {
        return new Expected(name, role, frame, Xdp.REDIRECT, null, null, out);
    }

    private static Expected dropped(String name, Role role, byte[] frame, DropReason reason) {
        return new Expected(name, role, frame, Xdp.DROP, reason, null, null);
    }

    private static Expected passed(String name, Role role, byte[] frame, CpReason reason) {
        return new Expected(name, role, frame, Xdp.PASS, null, reason, null);
    }

    /** A G-PDU from the gNB carrying the usual UDP T-PDU, its outer layers shaped by the arguments. */
    private static byte[] gpdu(Consumer<Ipv4Layer> outer, Consumer<UdpLayer> udp, Consumer<GtpuLayer> gtpu,
                               Consumer<PacketBuilder> extensions, Consumer<PacketBuilder> tpdu) {
        PacketBuilder b = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3, outer).udp(2152, 2152, udp)
                .gtpu(TEID, gtpu);
        extensions.accept(b);
        tpdu.accept(b);
        return b.build();
    }

    private static byte[] gpdu(Consumer<Ipv4Layer> outer, Consumer<UdpLayer> udp, Consumer<GtpuLayer> gtpu) {
        return gpdu(outer, udp, gtpu, b -> b.pduSessionContainerUl(QFI), UsualFrameTest::udpFromUe);
    }

    private static byte[] outerV6(Consumer<Ipv6Layer> outer) {
        PacketBuilder b = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv6(GNB_V6, UPF_N3_V6, outer).udp(2152, 2152).gtpu(TEID)
                .pduSessionContainerUl(QFI);
        udpFromUe(b);
        return b.build();
    }

    private static void udpFromUe(PacketBuilder b) {
        b.ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA);
    }

    private static byte[] padded(byte[] frame) {
        return Arrays.copyOf(frame, frame.length + 6); // an Ethernet trailer after the IP packet
    }

    static Stream<Expected> expectedEnds() {
        byte[] usual = UplinkTest.gpdu(TEID, UsualFrameTest::udpFromUe).build();
        int tpdu = 20 + 8 + DATA.length;
        byte[] toUe = DownlinkTest.toUe();
        byte[] downlinkOut = Packet.eth(UPF_N3_MAC, GNB_MAC)
                .ipv4(UPF_N3, GNB, l -> l.tos(Sessions.DSCP_EF_TOS).dontFragment()).udp(2152, 2152, u -> u.noChecksum())
                .gtpu(Sessions.GNB_TEID).pduSessionContainerDl(QFI)
                .ipv4(DN_HOST, UE, l -> l.ttl(63)).udp(5001, 40000).payload(DownlinkTest.DATA).build();
        Consumer<Ipv4Layer> plain = l -> { };
        Consumer<UdpLayer> plainUdp = u -> { };
        return Stream.of(
                forwarded("uplink usual", Role.N3, usual, UPLINK_OUT),
                forwarded("uplink IPv6 T-PDU", Role.N3, UplinkTest.gpdu(TEID, b -> b.ipv6(UE_V6, DN_HOST_V6)
                        .udp(40000, 5001).payload(DATA)).build(), Packet.eth(UPF_N6_MAC, DN_MAC)
                        .ipv6(UE_V6, DN_HOST_V6, l -> l.hopLimit(63)).udp(40000, 5001).payload(DATA).build()),
                forwarded("uplink padded", Role.N3, padded(usual), UPLINK_OUT),
                forwarded("uplink S flag", Role.N3, gpdu(plain, plainUdp, g -> g.sequence(9)), UPLINK_OUT),
                forwarded("uplink PN flag", Role.N3, gpdu(plain, plainUdp, g -> g.npdu(5)), UPLINK_OUT),
                forwarded("uplink PSC length 2", Role.N3, gpdu(plain, plainUdp, g -> { },
                        b -> b.gtpuExtension(new GtpuExtension(GtpuExtension.PDU_SESSION_CONTAINER,
                                new byte[] {0x10, (byte) QFI, 0, 0, 0, 0}).lengthUnits(2)),
                        UsualFrameTest::udpFromUe), UPLINK_OUT),
                forwarded("uplink next extension after the PSC", Role.N3, gpdu(plain, plainUdp, g -> { },
                        b -> b.pduSessionContainerUl(QFI).gtpuExtension(new GtpuExtension(0x40,
                                new byte[] {0x08, 0x68})), UsualFrameTest::udpFromUe), UPLINK_OUT),
                forwarded("uplink DL PDU type on N3", Role.N3, gpdu(plain, plainUdp, g -> { },
                        b -> b.pduSessionContainerDl(QFI), UsualFrameTest::udpFromUe), UPLINK_OUT),
                dropped("uplink GTP-U length shorter than the T-PDU", Role.N3,
                        gpdu(plain, plainUdp, g -> g.length(4 + 4 + tpdu - 1)), DropReason.MALFORMED),
                dropped("uplink GTP-U length longer than the T-PDU", Role.N3,
                        gpdu(plain, plainUdp, g -> g.length(4 + 4 + tpdu + 1)), DropReason.MALFORMED),
                dropped("uplink UDP length shorter than the GTP-U packet", Role.N3,
                        gpdu(plain, u -> u.length(8 + 8 + 4 + 4 + tpdu - 1), g -> { }), DropReason.MALFORMED),
                passed("uplink outer MF", Role.N3, gpdu(l -> l.moreFragments(), plainUdp, g -> { }),
                        CpReason.OUTER_FRAGMENT),
                passed("uplink outer fragment offset", Role.N3, gpdu(l -> l.fragmentOffset(8), plainUdp, g -> { }),
                        CpReason.OUTER_FRAGMENT),
                dropped("uplink inner IHL 4", Role.N3, gpdu(plain, plainUdp, g -> { },
                        b -> b.pduSessionContainerUl(QFI),
                        b -> b.ipv4(UE, DN_HOST, l -> l.ihl(4)).udp(40000, 5001).payload(DATA)), DropReason.MALFORMED),
                forwarded("uplink inner options", Role.N3, UplinkTest.gpdu(TEID, b -> b.ipv4(UE, DN_HOST,
                        l -> l.options(NOP_OPTIONS)).udp(40000, 5001).payload(DATA)).build(),
                        Packet.eth(UPF_N6_MAC, DN_MAC).ipv4(UE, DN_HOST, l -> l.options(NOP_OPTIONS).ttl(63))
                                .udp(40000, 5001).payload(DATA).build()),
                dropped("uplink GTP-U in the Ethernet trailer (outer IPv4 total length 20)", Role.N3,
                        gpdu(l -> l.totalLength(20), plainUdp, g -> { }), DropReason.MALFORMED),
                dropped("uplink UDP length beyond the outer IPv4 packet", Role.N3,
                        gpdu(l -> l.totalLength(20 + 8 + 16 + tpdu - 1), plainUdp, g -> { }), DropReason.MALFORMED),
                forwarded("uplink over IPv6", Role.N3, outerV6(l -> { }), UPLINK_OUT),
                dropped("uplink GTP-U in the Ethernet trailer (outer IPv6 payload length 0)", Role.N3,
                        outerV6(l -> l.payloadLength(0)), DropReason.MALFORMED),
                dropped("uplink UDP length beyond the outer IPv6 packet", Role.N3,
                        outerV6(l -> l.payloadLength(8 + 16 + tpdu - 1)), DropReason.MALFORMED),
                forwarded("downlink usual", Role.N6, toUe, downlinkOut),
                forwarded("downlink padded", Role.N6, padded(toUe), downlinkOut));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectedEnds")
    void endsAsExpected(Expected e) {
        Map<CpReason, Counter> cpBefore = bed.dp.controlPath();
        Outcome o = outcome(e.role(), e.frame());
        Map<CpReason, Long> cp = new HashMap<>();
        delta(cpBefore, bed.dp.controlPath()).forEach((reason, d) -> {
            if (d.packets() != 0) {
                cp.put(reason, d.packets());
            }
        });

        assertThat(o.verdict()).isEqualTo(e.verdict());
        Map<DropReason, Long> drops = new HashMap<>();
        o.drops().forEach((reason, n) -> {
            if (n != 0) {
                drops.put(reason, n);
            }
        });
        assertThat(drops).isEqualTo(e.drop() == null ? Map.of() : Map.of(e.drop(), 1L));
        assertThat(cp).isEqualTo(e.cp() == null ? Map.of() : Map.of(e.cp(), 1L));
        assertThat(o.frameOut()).isEqualTo(e.out() == null ? "" : hex(e.out()));
    }

    /**
     * What a test run did to a frame: verdict, frame out and the change of every counter (drops by packets: they
     * count the octets of the frame as it came, which differ between twins).
     */
    record Outcome(int verdict, String frameOut, Map<InterfaceCounter, Counter> interfaces,
                   Map<Direction, Counter> forwarded, Map<DropReason, Long> drops) {
    }

    private static Outcome outcome(Role role, byte[] frame) {
        Map<InterfaceCounter, Counter> interfaces = bed.dp.interfaceCounters();
        Map<Direction, Counter> forwarded = bed.dp.forwarded();
        Map<DropReason, Counter> drops = bed.dp.drops();
        TestRunResult r = bed.run(role, frame);
        Map<DropReason, Long> dropped = new HashMap<>();
        delta(drops, bed.dp.drops()).forEach((reason, d) -> {
            assertThat(d.bytes()).as("frame octets of %s drops", reason).isEqualTo(d.packets() * frame.length);
            dropped.put(reason, d.packets());
        });
        return new Outcome(r.retval(), r.retval() == Xdp.REDIRECT ? hex(r.dataOut()) : "",
                delta(interfaces, bed.dp.interfaceCounters()), delta(forwarded, bed.dp.forwarded()), dropped);
    }

    private static <K> Map<K, Counter> delta(Map<K, Counter> before, Map<K, Counter> after) {
        Map<K, Counter> out = new HashMap<>();
        after.forEach((k, a) -> out.put(k, new Counter(a.packets() - before.get(k).packets(),
                a.bytes() - before.get(k).bytes())));
        return out;
    }

    private static byte[] withTpdu(PacketBuilder b, Consumer<PacketBuilder> tpdu) {
        tpdu.accept(b);
        return b.build();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
