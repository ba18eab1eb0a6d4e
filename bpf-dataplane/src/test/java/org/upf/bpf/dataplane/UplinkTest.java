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

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.GtpuExtension;
import org.upf.bpf.packet.GtpuLayer;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.packet.PacketBuilder;

/** N3 ingress (upf_gtpu_in) through BPF_PROG_TEST_RUN: decapsulation, rule lookup and every uplink drop. */
class UplinkTest extends BasicSessionFixture {
    static final byte[] DATA = "uplink payload".getBytes();

    /** gNB -> UPF G-PDU over IPv4 with a UL PDU Session Container, carrying what inner adds. */
    static PacketBuilder gpdu(int teid, Consumer<PacketBuilder> inner) {
        PacketBuilder b = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(teid)
                .pduSessionContainerUl(QFI);
        inner.accept(b);
        return b;
    }

    static byte[] udpFromUe(PacketBuilder b) {
        return b.ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();
    }

    @Test
    void decapsulatesIpv4AndForwardsToTheDnRouter() {
        Usage before = bed.dp.usage(Sessions.URR);
        byte[] in = gpdu(TEID, b -> b.ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA)).build();

        TestRunResult r = bed.run(Role.N3, in);

        byte[] expected = Packet.eth(UPF_N6_MAC, DN_MAC).ipv4(UE, DN_HOST, l -> l.ttl(63)).udp(40000, 5001)
                .payload(DATA).build();
        assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(r.dataOut()).isEqualTo(expected);
        Usage after = bed.dp.usage(Sessions.URR);
        assertThat(after.uplinkPackets() - before.uplinkPackets()).isEqualTo(1);
        assertThat(after.uplinkBytes() - before.uplinkBytes()).isEqualTo(expected.length - 14);
    }

    @Test
    void decapsulatesIpv6InsideIpv6WithSequenceNumberAndSkippedExtensions() {
        // Outer IPv6, S flag, a Long PDCP PDU Number (comprehension required but known) before the PSC.
        byte[] in = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv6(GNB_V6, UPF_N3_V6).udp(2152, 2152)
                .gtpu(TEID, g -> g.sequence(7))
                .gtpuExtension(new GtpuExtension(0x82, new byte[] {0, 0, 1, 0, 0, 0}))
                .pduSessionContainerUl(QFI)
                .ipv6(UE_V6, DN_HOST_V6).udp(40000, 5001).payload(DATA).build();

        TestRunResult r = bed.run(Role.N3, in);

        byte[] expected = Packet.eth(UPF_N6_MAC, DN_MAC).ipv6(UE_V6, DN_HOST_V6, l -> l.hopLimit(63))
                .udp(40000, 5001).payload(DATA).build();
        assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(r.dataOut()).isEqualTo(expected);
    }

    @Test
    void vlanTaggedOuterFrameIsDecapsulated() {
        byte[] in = Packet.eth(GNB_MAC, UPF_N3_MAC, e -> e.vlan(0, 100)).ipv4(GNB, UPF_N3).udp(2152, 2152)
                .gtpu(TEID).pduSessionContainerUl(QFI).ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();

        TestRunResult r = bed.run(Role.N3, in);

        assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(r.dataOut()).isEqualTo(Packet.eth(UPF_N6_MAC, DN_MAC).ipv4(UE, DN_HOST, l -> l.ttl(63))
                .udp(40000, 5001).payload(DATA).build());
    }

    @Test
    void unknownTeidIsDroppedAndCounted() {
        assertDropped(udpFromUe(gpdu(0x101, b -> { })), DropReason.UNKNOWN_TEID);
    }

    @Test
    void unknownTeidIsReportedForAnErrorIndicationAtMostOncePerInterval() throws InterruptedException {
        Thread.sleep(600); // past the 500 ms interval of earlier unknown-TEID packets
        long reported = bed.controlPath(CpReason.ERROR_INDICATION);
        byte[] stray = udpFromUe(gpdu(0x77, b -> { }));

        assertDropped(stray, DropReason.UNKNOWN_TEID);
        assertDropped(stray, DropReason.UNKNOWN_TEID);

        assertThat(bed.controlPath(CpReason.ERROR_INDICATION)).isEqualTo(reported + 1);
        assertThat(bed.events()).last().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(CpReason.ERROR_INDICATION);
            assertThat(e.teid()).isEqualTo(0x77);
            assertThat(e.head()).isEqualTo(stray);
        });
    }

    @Test
    void teidOfAnotherGenerationInTheSameSlotIsUnknown() {
        DataplaneConfig config = DataplaneConfig.small(8);
        assertThat(config.teid(TEID, 0)).isEqualTo(TEID);
        assertDropped(udpFromUe(gpdu(config.teid(TEID, 1), b -> { })), DropReason.UNKNOWN_TEID);
    }

    @Test
    void qfiThatNoPdrExpectsFindsNoPdr() {
        byte[] in = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(TEID)
                .pduSessionContainerUl(QFI + 1).ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();
        assertDropped(in, DropReason.NO_PDR);
    }

    @Test
    void innerSourceOfAnotherUeIsSpoofed() {
        assertDropped(gpdu(TEID, b -> b.ipv4("198.19.200.2", DN_HOST).udp(1, 2).payload(DATA)).build(),
                DropReason.SPOOFED);
        assertDropped(gpdu(TEID, b -> b.ipv6("2001:db8:200:2::1", DN_HOST_V6).udp(1, 2).payload(DATA)).build(),
                DropReason.SPOOFED);
    }

    @Test
    void gtpuInsideGtpuIsDropped() {
        assertDropped(gpdu(TEID, b -> b.ipv4(UE, DN_HOST).udp(2152, 2152).gtpu(5).ipv4(UE, DN_HOST).udp(1, 2)
                .payload(DATA)).build(), DropReason.NESTED_GTP);
    }

    @Test
    void truncatedAndInconsistentHeadersAreMalformed() {
        byte[] whole = udpFromUe(gpdu(TEID, b -> { }));
        // Cut inside the GTP-U header, then inside the inner IPv4 header.
        assertDropped(java.util.Arrays.copyOf(whole, 14 + 20 + 8 + 6), DropReason.MALFORMED);
        assertDropped(java.util.Arrays.copyOf(whole, 14 + 20 + 8 + 16 + 10), DropReason.MALFORMED);
        // GTP-U length beyond the UDP payload.
        assertDropped(Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152)
                .gtpu(TEID, g -> g.length(400)).ipv4(UE, DN_HOST).udp(1, 2).payload(DATA).build(),
                DropReason.MALFORMED);
        // GTPv2-C on the GTP-U port (version 2).
        assertDropped(Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152)
                .gtpu(TEID, g -> g.flags(0x48)).payload(DATA).build(), DropReason.MALFORMED);
    }

    @Test
    void innerPduThatIsNotIpIsDropped() {
        assertDropped(gpdu(TEID, b -> b.payload(new byte[] {0x00, 0x01, 0x02, 0x03, 0x04})).build(),
                DropReason.NOT_IP);
    }

    @Test
    void lastHopTtlExpires() {
        assertDropped(gpdu(TEID, b -> b.ipv4(UE, DN_HOST, l -> l.ttl(1)).udp(1, 2).payload(DATA)).build(),
                DropReason.TTL_EXPIRED);
    }

    @Test
    void destinationWithoutRouteIsAFibMiss() {
        assertDropped(gpdu(TEID, b -> b.ipv4(UE, "198.19.150.1").udp(1, 2).payload(DATA)).build(),
                DropReason.FIB_MISS);
    }

    @Test
    void closedUplinkGateDrops() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .qer(Sessions.QER, new QerRule(false, true, QerRule.Rate.UNLIMITED, QerRule.Rate.UNLIMITED, QFI,
                        false)).build());
        assertDropped(udpFromUe(gpdu(TEID, b -> { })), DropReason.GATE_CLOSED);
    }

    @Test
    void farDropDrops() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .far(Sessions.FAR_N6, new FarRule(FarRule.DROP, OuterHeader.NONE, null, null, 0, null)).build());
        assertDropped(udpFromUe(gpdu(TEID, b -> { })), DropReason.FAR_DROP);
    }

    @Test
    void sdfFiltersAreTriedInPrecedenceOrder() {
        // PDR 3 (first): TCP to port 80 of 198.19.100.0/24 -> drop; PDR 1 (second): everything -> N6.
        SdfFilter web = SdfFilter.any().withProtocol(6).withRemote(Sessions.addr("198.19.100.0"), 24)
                .withRemotePorts(80, 80);
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .far(3, new FarRule(FarRule.DROP, OuterHeader.NONE, null, null, 0, null))
                .pdr(3, new PdrRule(3, 0, 0, 0, 0, Direction.UPLINK, null, web))
                .uplinkTeid(TEID, 3, Sessions.PDR_UL).build());

        assertDropped(gpdu(TEID, b -> b.ipv4(UE, DN_HOST).tcp(40000, 80).payload(DATA)).build(),
                DropReason.FAR_DROP);
        assertThat(bed.run(Role.N3, gpdu(TEID, b -> b.ipv4(UE, DN_HOST).tcp(40000, 443).payload(DATA)).build())
                .retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(bed.run(Role.N3, gpdu(TEID, b -> b.ipv4(UE, DN_HOST).udp(40000, 80).payload(DATA)).build())
                .retval()).isEqualTo(Xdp.REDIRECT);
    }

    @Test
    void gtpuSignallingGoesToTheStackWithAnEvent() {
        for (int type : new int[] {GtpuLayer.ECHO_REQUEST, GtpuLayer.END_MARKER, 26 /* Error Indication */}) {
            long before = bed.controlPath(CpReason.GTPU_SIGNALLING);
            byte[] in = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152)
                    .gtpu(type == GtpuLayer.ECHO_REQUEST ? 0 : TEID, g -> g.messageType(type).sequence(1)).build();

            TestRunResult r = bed.run(Role.N3, in);

            assertThat(r.retval()).as("message type %d", type).isEqualTo(Xdp.PASS);
            assertThat(r.dataOut()).isEqualTo(in);
            assertThat(bed.controlPath(CpReason.GTPU_SIGNALLING)).isEqualTo(before + 1);
            assertThat(bed.events()).last().satisfies(e -> {
                assertThat(e.reason()).isEqualTo(CpReason.GTPU_SIGNALLING);
                assertThat(e.ifindex()).isEqualTo(bed.n3);
                assertThat(e.head()).isEqualTo(in);
            });
        }
    }

    @Test
    void unknownComprehensionRequiredExtensionGoesToTheControlPath() {
        byte[] in = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(TEID)
                .gtpuExtension(new GtpuExtension(0xfe, new byte[] {1, 2})).ipv4(UE, DN_HOST).udp(1, 2)
                .payload(DATA).build();
        long before = bed.controlPath(CpReason.UNKNOWN_EXT);

        TestRunResult r = bed.run(Role.N3, in);

        assertThat(r.retval()).isEqualTo(Xdp.PASS);
        assertThat(bed.controlPath(CpReason.UNKNOWN_EXT)).isEqualTo(before + 1);
        assertThat(bed.events()).last().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(CpReason.UNKNOWN_EXT);
            assertThat(e.teid()).isEqualTo(TEID);
        });
    }

    @Test
    void unknownExtensionThatNeedsNoComprehensionIsSkipped() {
        byte[] in = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(TEID)
                .gtpuExtension(new GtpuExtension(0x20, new byte[] {1, 2})).pduSessionContainerUl(QFI)
                .ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();
        assertThat(bed.run(Role.N3, in).retval()).isEqualTo(Xdp.REDIRECT);
    }

    @Test
    void outerFragmentsGoToTheStackForReassembly() {
        byte[] in = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3, l -> l.moreFragments()).udp(2152, 2152)
                .gtpu(TEID).pduSessionContainerUl(QFI).ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();
        long before = bed.controlPath(CpReason.OUTER_FRAGMENT);

        assertThat(bed.run(Role.N3, in).retval()).isEqualTo(Xdp.PASS);
        assertThat(bed.controlPath(CpReason.OUTER_FRAGMENT)).isEqualTo(before + 1);
        // IPv6: a Fragment header (44) between the outer header and UDP.
        byte[] v6 = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv6(GNB_V6, UPF_N3_V6, l -> l.nextHeader(44))
                .payload(new byte[] {17, 0, 0, 1, 0, 0, 0, 9}).udp(2152, 2152).gtpu(TEID).payload(DATA).build();
        assertThat(bed.run(Role.N3, v6).retval()).isEqualTo(Xdp.PASS);
        assertThat(bed.controlPath(CpReason.OUTER_FRAGMENT)).isEqualTo(before + 2);
    }

    @Test
    void linkLocalSourcesGoToTheControlPath() {
        long before = bed.controlPath(CpReason.LINK_LOCAL);
        byte[] rs = gpdu(TEID, b -> b.ipv6("fe80::1", "ff02::2", l -> l.nextHeader(58)).payload(new byte[] {(byte) 133, 0, 0, 0}))
                .build();

        assertThat(bed.run(Role.N3, rs).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.controlPath(CpReason.LINK_LOCAL)).isEqualTo(before + 1);
        assertThat(bed.events()).last().satisfies(e -> assertThat(e.session()).isEqualTo(Sessions.SESSION));
    }

    @Test
    void trafficNotForTheUserPlaneGoesToTheStack() {
        long before = bed.controlPath(CpReason.STACK);
        byte[] pfcp = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(8805, 8805).payload(DATA).build();
        byte[] arp = Packet.eth(GNB_MAC, UPF_N3_MAC, e -> e.etherType(0x0806)).payload(new byte[28]).build();

        assertThat(bed.run(Role.N3, pfcp).retval()).isEqualTo(Xdp.PASS);
        assertThat(bed.run(Role.N3, arp).retval()).isEqualTo(Xdp.PASS);
        assertThat(bed.controlPath(CpReason.STACK)).isEqualTo(before + 2);
    }

    @Test
    void removedSessionNoLongerForwards() {
        SessionRules s = Sessions.basic(Sessions.toGnbV4()).build();
        bed.dp.remove(s);
        assertDropped(udpFromUe(gpdu(TEID, b -> { })), DropReason.UNKNOWN_TEID);
    }

    static void assertDropped(byte[] frame, DropReason reason) {
        long before = bed.drops(reason);
        TestRunResult r = bed.run(Role.N3, frame);
        assertThat(r.retval()).as("verdict for %s", reason).isEqualTo(Xdp.DROP);
        assertThat(bed.drops(reason)).as("drop counter %s", reason).isEqualTo(before + 1);
    }
}
