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
import static org.upf.bpf.dataplane.Testbed.UPF_N3;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_MAC;
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
import org.upf.bpf.packet.Packet;
import org.upf.bpf.packet.PacketBuilder;

/**
 * The usual frames, read with one bounds check (upf_usual_gpdu uplink, upf_usual_frame downlink), end exactly as
 * the generic parse ends the same packet in a layout it alone reads: same verdict, same frame out, same counters.
 * Uplink twins: an outer IPv4 option, or the S flag in the GTP-U header (the same header length, so the same
 * GTP-U octets); downlink twin: a VLAN tag. Each T-PDU / N6 packet variant is one the usual path reads itself or
 * one it must leave to the generic parse.
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
