package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.Sessions.DSCP_EF_TOS;
import static org.upf.bpf.dataplane.Sessions.GNB_TEID;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.UE;
import static org.upf.bpf.dataplane.Sessions.UE_V6;
import static org.upf.bpf.dataplane.Testbed.DN_GW;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_HOST_V6;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB;
import static org.upf.bpf.dataplane.Testbed.GNB_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB_V6;
import static org.upf.bpf.dataplane.Testbed.UPF_N3;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_V6;
import static org.upf.bpf.dataplane.Testbed.UPF_N6;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.packet.PduSessionContainer;
import org.upf.bpf.testing.Tshark;

/** N6 ingress (upf_n6_in) and N9 relay through BPF_PROG_TEST_RUN: encapsulation and every downlink outcome. */
class DownlinkTest extends BasicSessionFixture {
    static final byte[] DATA = "downlink payload".getBytes();
    static final int N9_TEID = 0x3000;
    /** Frames we emitted, decoded by tshark at the end. */
    static final List<byte[]> EMITTED = new ArrayList<>();

    static byte[] toUe() {
        return Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE).udp(5001, 40000).payload(DATA).build();
    }

    static byte[] toUeV6() {
        return toUeV6(UE_V6);
    }

    static byte[] toUeV6(String ue) {
        return Packet.eth(DN_MAC, UPF_N6_MAC).ipv6(DN_HOST_V6, ue).udp(5001, 40000).payload(DATA).build();
    }

    @Test
    void encapsulatesInGtpuOverIpv4WithQfiAndDscp() {
        Usage before = bed.dp.usage(Sessions.URR);

        TestRunResult r = bed.run(Role.N6, toUe());

        byte[] expected = Packet.eth(UPF_N3_MAC, GNB_MAC)
                .ipv4(UPF_N3, GNB, l -> l.tos(DSCP_EF_TOS).dontFragment()).udp(2152, 2152, u -> u.noChecksum())
                .gtpu(GNB_TEID).pduSessionContainerDl(QFI)
                .ipv4(DN_HOST, UE, l -> l.ttl(63)).udp(5001, 40000).payload(DATA).build();
        assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(r.dataOut()).isEqualTo(expected);
        EMITTED.add(r.dataOut());
        Usage after = bed.dp.usage(Sessions.URR);
        assertThat(after.downlinkPackets() - before.downlinkPackets()).isEqualTo(1);
        assertThat(after.downlinkBytes() - before.downlinkBytes()).isEqualTo(toUe().length - 14);
    }

    @Test
    void encapsulatesIpv6PrefixMatchInGtpuOverIpv6WithUdpChecksumAndRqi() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV6())
                .qer(Sessions.QER, new QerRule(true, true, QerRule.Rate.UNLIMITED, QerRule.Rate.UNLIMITED, QFI, true))
                .build());

        TestRunResult r = bed.run(Role.N6, toUeV6());

        byte[] expected = Packet.eth(UPF_N3_MAC, GNB_MAC)
                .ipv6(UPF_N3_V6, GNB_V6, l -> l.trafficClass(DSCP_EF_TOS)).udp(2152, 2152)
                .gtpu(GNB_TEID).gtpuExtension(PduSessionContainer.dl(QFI).rqi(true))
                .ipv6(DN_HOST_V6, UE_V6, l -> l.hopLimit(63)).udp(5001, 40000).payload(DATA).build();
        assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(r.dataOut()).isEqualTo(expected);
        EMITTED.add(r.dataOut());
    }

    @Test
    void ipv6OuterChecksumCoversOddLengthPackets() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV6()).build());
        for (int size : new int[] {0, 1, 2, 3, 61, 63, 64, 65, 1001}) {
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) (i * 7 + 3);
            }
            byte[] in = Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE).udp(5001, 40000).payload(payload).build();

            TestRunResult r = bed.run(Role.N6, in);

            byte[] expected = Packet.eth(UPF_N3_MAC, GNB_MAC)
                    .ipv6(UPF_N3_V6, GNB_V6, l -> l.trafficClass(DSCP_EF_TOS)).udp(2152, 2152)
                    .gtpu(GNB_TEID).pduSessionContainerDl(QFI)
                    .ipv4(DN_HOST, UE, l -> l.ttl(63)).udp(5001, 40000).payload(payload).build();
            assertThat(r.dataOut()).as("payload of %d bytes", size).isEqualTo(expected);
        }
    }

    @Test
    void exactIpv6AddressBeatsThePrefix() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .far(5, new FarRule(FarRule.DROP, OuterHeader.NONE, null, null, 0, null))
                .pdr(5, new PdrRule(5, 0, 0, 0, 0, Direction.DOWNLINK, null, null))
                .downlink(Sessions.v6(UE_V6), 5).build());
        long before = bed.drops(DropReason.FAR_DROP);

        assertThat(bed.run(Role.N6, toUeV6()).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.drops(DropReason.FAR_DROP)).isEqualTo(before + 1);
        assertThat(bed.run(Role.N6, toUeV6(Sessions.UE_V6_PREFIX + "2")).retval()).as("the rest of the /64: the"
                + " prefix").isEqualTo(Xdp.REDIRECT);
        bed.dp.remove(Sessions.basic(Sessions.toGnbV4()).pdr(5, new PdrRule(5, 0, 0, 0, 0, Direction.DOWNLINK,
                null, null)).far(5, FarRule.forwardToN6()).downlink(Sessions.v6(UE_V6), 5).build());
    }

    @Test
    void n9RelayReencapsulatesTowardThePeerUpfKeepingTheQfi() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .far(6, FarRule.forwardGtpu(Sessions.addr(UPF_N6), Sessions.addr(DN_GW), N9_TEID, null))
                .pdr(6, new PdrRule(6, 0, 0, Sessions.URR, 0, Direction.UPLINK, null, null))
                .uplinkTeid(Sessions.TEID, 6).build());
        byte[] in = Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(Sessions.TEID)
                .pduSessionContainerUl(QFI).ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();

        TestRunResult r = bed.run(Role.N9, in);

        byte[] expected = Packet.eth(UPF_N6_MAC, DN_MAC).ipv4(UPF_N6, DN_GW, l -> l.dontFragment())
                .udp(2152, 2152, u -> u.noChecksum()).gtpu(N9_TEID).pduSessionContainerUl(QFI)
                .ipv4(UE, DN_HOST, l -> l.ttl(63)).udp(40000, 5001).payload(DATA).build();
        assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(r.dataOut()).isEqualTo(expected);
        EMITTED.add(r.dataOut());
    }

    @Test
    void n9DownlinkFromThePsaIsReencapsulatedTowardTheGnb() {
        int fromPsa = 0x43;
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .pdr(7, new PdrRule(Sessions.FAR_N3, Sessions.QER, 0, Sessions.URR, 0, Direction.DOWNLINK, null, null))
                .uplinkTeid(fromPsa, 7).build());
        byte[] in = Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_GW, UPF_N6).udp(2152, 2152).gtpu(fromPsa)
                .pduSessionContainerDl(QFI).ipv4(DN_HOST, UE).udp(5001, 40000).payload(DATA).build();
        Usage before = bed.dp.usage(Sessions.URR);

        TestRunResult r = bed.run(Role.N9, in);

        byte[] expected = Packet.eth(UPF_N3_MAC, GNB_MAC)
                .ipv4(UPF_N3, GNB, l -> l.tos(DSCP_EF_TOS).dontFragment()).udp(2152, 2152, u -> u.noChecksum())
                .gtpu(GNB_TEID).pduSessionContainerDl(QFI)
                .ipv4(DN_HOST, UE, l -> l.ttl(63)).udp(5001, 40000).payload(DATA).build();
        assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(r.dataOut()).isEqualTo(expected);
        assertThat(bed.dp.usage(Sessions.URR).downlinkPackets()).isEqualTo(before.downlinkPackets() + 1);
    }

    @Test
    void tsharkDecodesWhatWeEmitWithoutExpertProblems() {
        encapsulatesInGtpuOverIpv4WithQfiAndDscp();
        encapsulatesIpv6PrefixMatchInGtpuOverIpv6WithUdpChecksumAndRqi();
        installSession();
        n9RelayReencapsulatesTowardThePeerUpfKeepingTheQfi();
        List<byte[]> frames = EMITTED.subList(EMITTED.size() - 3, EMITTED.size());

        assertThat(Tshark.expertProblems(frames)).isEmpty();
        List<List<String>> rows = Tshark.fields(frames, "gtp.teid", "gtp.ext_hdr.pdu_ses_con.pdu_type",
                "gtp.ext_hdr.pdu_ses_con.qos_flow_id", "udp.checksum.status", "ip.dsfield.dscp", "ipv6.tclass.dscp");
        assertThat(rows.get(0).subList(0, 3)).containsExactly("0x20000001", "0", "9");
        assertThat(rows.get(0).get(4)).startsWith("46");
        assertThat(rows.get(1).subList(0, 3)).containsExactly("0x20000001", "0", "9");
        assertThat(rows.get(1).get(3)).isEqualTo("1,1"); // outer (ours) and inner UDP checksums good
        assertThat(rows.get(1).get(5)).startsWith("46");
        assertThat(rows.get(2).subList(0, 3)).containsExactly("0x00003000", "1", "9");
    }

    @Test
    void downlinkDropsAreCounted() {
        assertDroppedOnN6(Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE).udp(2152, 2152).gtpu(1).payload(DATA)
                .build(), DropReason.NESTED_GTP);
        assertDroppedOnN6(java.util.Arrays.copyOf(toUe(), 14 + 12), DropReason.MALFORMED);
        assertDroppedOnN6(Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE, l -> l.ttl(1)).udp(5001, 40000)
                .payload(DATA).build(), DropReason.TTL_EXPIRED);
    }

    @Test
    void pdrWhoseFarSlotWasClearedHasNoFar() {
        // An SDF filter keeps the session on the rule walk: a fast entry carries its own copy of the FAR.
        bed.dp.install(Sessions.basic(Sessions.toGnbV4()).pdr(Sessions.PDR_DL, new PdrRule(Sessions.FAR_N3,
                Sessions.QER, 0, Sessions.URR, 0, Direction.DOWNLINK, null, SdfFilter.any())).build());
        java.nio.ByteBuffer key = java.nio.ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder())
                .putInt(0, Sessions.FAR_N3);
        org.upf.bpf.BpfMap fars = bed.dp.map("upf_far_v1");
        fars.update(key, java.nio.ByteBuffer.allocateDirect(fars.valueSize()), org.upf.bpf.UpdateFlags.ANY);
        assertDroppedOnN6(toUe(), DropReason.NO_FAR);
    }

    @Test
    void forwardingDisabledOnTheIngressInterfaceIsCounted() {
        bed.ns.sysctl("net.ipv4.conf.n6.forwarding", "0");
        bed.dp.flushNextHops(); // earlier tests left the gNB's next hop cached; the setting counts from now
        try {
            assertDroppedOnN6(toUe(), DropReason.FWD_DISABLED);
        } finally {
            bed.ns.sysctl("net.ipv4.conf.n6.forwarding", "1");
        }
    }

    static void assertDroppedOnN6(byte[] frame, DropReason reason) {
        long before = bed.drops(reason);
        assertThat(bed.run(Role.N6, frame).retval()).as("verdict for %s", reason).isEqualTo(Xdp.DROP);
        assertThat(bed.drops(reason)).as("drop counter %s", reason).isEqualTo(before + 1);
    }

    @Test
    void unknownUeGoesToTheStack() {
        long before = bed.controlPath(CpReason.STACK);
        byte[] in = Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, "198.19.200.77").udp(1, 2).payload(DATA).build();

        assertThat(bed.run(Role.N6, in).retval()).isEqualTo(Xdp.PASS);
        assertThat(bed.controlPath(CpReason.STACK)).isEqualTo(before + 1);
    }

    @Test
    void bufferedPacketsNotifyOncePerInterval() throws InterruptedException {
        bed.dp.install(Sessions.basic(new FarRule(FarRule.BUFF | FarRule.NOCP, OuterHeader.NONE, null, null, 0,
                null)).build());
        bed.events();
        long buffered = bed.controlPath(CpReason.BUFF);
        long notified = bed.controlPath(CpReason.NOTIFY);

        for (int i = 0; i < 3; i++) {
            assertThat(bed.run(Role.N6, toUe()).retval()).isEqualTo(Xdp.DROP);
        }
        assertThat(bed.controlPath(CpReason.BUFF)).isEqualTo(buffered + 3);
        assertThat(bed.controlPath(CpReason.NOTIFY)).isEqualTo(notified + 1);
        Thread.sleep(600); // the small test config notifies at most every 500 ms
        bed.run(Role.N6, toUe());
        assertThat(bed.controlPath(CpReason.NOTIFY)).isEqualTo(notified + 2);
        List<ControlEvent> events = bed.events();
        assertThat(events.subList(events.size() - 2, events.size())).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo(CpReason.NOTIFY);
            assertThat(e.session()).isEqualTo(Sessions.SESSION);
            assertThat(e.pdr()).isEqualTo(Sessions.PDR_DL);
            assertThat(e.head()).isEqualTo(toUe());
        });
    }

    @Test
    void duplicatedPacketIsForwardedAndCopiedToTheControlPath() {
        FarRule dupl = new FarRule(FarRule.FORW | FarRule.DUPL, OuterHeader.GTPU_IPV4, Sessions.addr(GNB),
                Sessions.addr(UPF_N3), GNB_TEID, null);
        bed.dp.install(Sessions.basic(dupl).build());
        long before = bed.controlPath(CpReason.DUPL);

        assertThat(bed.run(Role.N6, toUe()).retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(bed.controlPath(CpReason.DUPL)).isEqualTo(before + 1);
        assertThat(bed.events()).last().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(CpReason.DUPL);
            assertThat(e.head()).isEqualTo(toUe());
        });
    }

    @Test
    void tooBigAfterEncapsulationGoesToTheControlPath() {
        byte[] big = Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE).udp(5001, 40000).payload(new byte[1460])
                .build();
        long before = bed.controlPath(CpReason.TOO_BIG);

        assertThat(bed.run(Role.N6, big).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.controlPath(CpReason.TOO_BIG)).isEqualTo(before + 1);
        assertThat(bed.events()).last().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(CpReason.TOO_BIG);
            assertThat(e.frameLength()).isEqualTo(big.length);
            assertThat(e.head()).hasSize(ControlEvent.SNAPLEN);
        });
        // 1500 - 44 octets of GTP-U/UDP/IPv4 with the container: the largest inner packet that still fits.
        byte[] fits = Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE).udp(5001, 40000).payload(new byte[1456 - 28])
                .build();
        assertThat(bed.run(Role.N6, fits).retval()).isEqualTo(Xdp.REDIRECT);
    }

    @Test
    void unresolvedGnbIsReportedToTheControlPath() {
        bed.dp.install(Sessions.basic(FarRule.forwardGtpu(Sessions.addr(UPF_N3),
                Sessions.addr(Testbed.GNB_UNRESOLVED), GNB_TEID, null)).build());
        long before = bed.controlPath(CpReason.NEIGH_MISS);

        assertThat(bed.run(Role.N6, toUe()).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.controlPath(CpReason.NEIGH_MISS)).isEqualTo(before + 1);
        assertThat(bed.events()).last().satisfies(e -> assertThat(e.reason()).isEqualTo(CpReason.NEIGH_MISS));
    }

    @Test
    void closedDownlinkGateDrops() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .qer(Sessions.QER, new QerRule(true, false, QerRule.Rate.UNLIMITED, QerRule.Rate.UNLIMITED, QFI,
                        false)).build());
        long before = bed.drops(DropReason.GATE_CLOSED);

        assertThat(bed.run(Role.N6, toUe()).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.drops(DropReason.GATE_CLOSED)).isEqualTo(before + 1);
    }

    @Test
    void maximumBitRatePassesTheBurstThenDrops() {
        int packet = toUe().length - 14;
        // 100 bit/s: a packet takes seconds of budget, so a slow test run never earns credit back; the burst
        // holds two more than the first.
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .qer(Sessions.QER, new QerRule(true, true, QerRule.Rate.UNLIMITED,
                        QerRule.Rate.maximum(100, 2 * packet), QFI, false)).build());
        long before = bed.drops(DropReason.MBR_EXCEEDED);

        for (int i = 0; i < 3; i++) {
            assertThat(bed.run(Role.N6, toUe()).retval()).as("packet %d", i).isEqualTo(Xdp.REDIRECT);
        }
        assertThat(bed.run(Role.N6, toUe()).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.drops(DropReason.MBR_EXCEEDED)).isEqualTo(before + 1);
    }

    @Test
    void sessionAmbrIsSharedByTheSessionsFlows() {
        int packet = toUe().length - 14;
        // Flow QER unlimited, session-AMBR QER 2: room for exactly two packets back to back.
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .qer(2, new QerRule(true, true, QerRule.Rate.UNLIMITED, QerRule.Rate.maximum(100, packet), null,
                        false))
                .pdr(Sessions.PDR_DL, new PdrRule(Sessions.FAR_N3, Sessions.QER, 2, Sessions.URR, 0,
                        Direction.DOWNLINK, null, null)).build());
        long before = bed.drops(DropReason.MBR_EXCEEDED);

        assertThat(bed.run(Role.N6, toUe()).retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(bed.run(Role.N6, toUeV6()).retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(bed.run(Role.N6, toUe()).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.drops(DropReason.MBR_EXCEEDED)).isEqualTo(before + 1);
    }

    @Test
    void guaranteedTrafficBypassesTheSessionAmbr() {
        int packet = toUe().length - 14;
        // Flow within its GBR (burst of 10 packets); the session-AMBR alone would pass only one.
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .qer(Sessions.QER, new QerRule(true, true, QerRule.Rate.UNLIMITED,
                        new QerRule.Rate(0, 0, 8000, 10 * packet), QFI, false))
                .qer(2, new QerRule(true, true, QerRule.Rate.UNLIMITED, QerRule.Rate.maximum(100, 0), null, false))
                .pdr(Sessions.PDR_DL, new PdrRule(Sessions.FAR_N3, Sessions.QER, 2, Sessions.URR, 0,
                        Direction.DOWNLINK, null, null)).build());

        for (int i = 0; i < 5; i++) {
            assertThat(bed.run(Role.N6, toUe()).retval()).as("packet %d", i).isEqualTo(Xdp.REDIRECT);
        }
    }
}
