package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.upf.bpf.BpfLink;
import org.upf.bpf.Netns;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;

/** The facade's rule lifecycle and interface handling, observed through the programs. */
class DataplaneTest {
    static Testbed bed;

    @BeforeAll
    static void setUp() {
        bed = new Testbed();
    }

    @AfterAll
    static void tearDown() {
        bed.close();
    }

    static byte[] toUe() {
        return Packet.eth(Testbed.DN_MAC, Testbed.UPF_N6_MAC).ipv4(Testbed.DN_HOST, Sessions.UE).udp(5001, 40000)
                .payload(new byte[8]).build();
    }

    @Test
    void modifyMovesTrafficToTheNewFarAndClearsTheOldSlots() {
        SessionRules before = Sessions.basic(Sessions.toGnbV4()).build();
        bed.dp.install(before);
        // The new downlink FAR goes to a new slot (7) and PDR 2 points at it; FAR 2 is no longer used.
        SessionRules after = SessionRules.builder(Sessions.SESSION, Sessions.ue())
                .far(Sessions.FAR_N6, FarRule.forwardToN6())
                .far(7, new FarRule(FarRule.DROP, OuterHeader.NONE, null, null, 0, null))
                .qer(Sessions.QER, QerRule.open(Sessions.QFI)).urr(Sessions.URR)
                .pdr(Sessions.PDR_UL, before.pdrs().get(Sessions.PDR_UL))
                .pdr(Sessions.PDR_DL, new PdrRule(7, Sessions.QER, 0, Sessions.URR, 0, Direction.DOWNLINK, null,
                        null))
                .uplinkTeid(Sessions.TEID, Sessions.PDR_UL).downlink(Sessions.v4(Sessions.UE), Sessions.PDR_DL)
                .build();
        assertThat(bed.run(Role.N6, toUe()).retval()).isEqualTo(Xdp.REDIRECT);

        bed.dp.modify(before, after);

        long dropped = bed.drops(DropReason.FAR_DROP);
        assertThat(bed.run(Role.N6, toUe()).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.drops(DropReason.FAR_DROP)).isEqualTo(dropped + 1);
        // The IPv6 prefix entry existed only before: gone, so IPv6 downlink now goes to the stack.
        byte[] v6 = Packet.eth(Testbed.DN_MAC, Testbed.UPF_N6_MAC).ipv6(Testbed.DN_HOST_V6, Sessions.UE_V6)
                .udp(5001, 40000).payload(new byte[8]).build();
        assertThat(bed.run(Role.N6, v6).retval()).isEqualTo(Xdp.PASS);
        bed.dp.remove(after);
    }

    @Test
    void oneInterfaceProgramDoesBothDirectionsLikeTheSplitPrograms() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV4()).build());
        byte[] uplink = Packet.eth(Testbed.GNB_MAC, Testbed.UPF_N3_MAC).ipv4(Testbed.GNB, Testbed.UPF_N3)
                .udp(2152, 2152).gtpu(Sessions.TEID).pduSessionContainerUl(Sessions.QFI)
                .ipv4(Sessions.UE, Testbed.DN_HOST).udp(40000, 5001).payload(new byte[8]).build();
        byte[] downlink = Packet.eth(Testbed.GNB_MAC, Testbed.UPF_N3_MAC).ipv4(Testbed.DN_HOST, Sessions.UE)
                .udp(5001, 40000).payload(new byte[8]).build();

        var ul = bed.run(Role.N3N6, uplink);
        var dl = bed.run(Role.N3N6, downlink);

        assertThat(ul.retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(ul.dataOut()).isEqualTo(bed.run(Role.N3, uplink).dataOut());
        assertThat(dl.retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(dl.dataOut()).isEqualTo(bed.run(Role.N6, downlink).dataOut());
        byte[] arp = Packet.eth(Testbed.GNB_MAC, Testbed.UPF_N3_MAC, e -> e.etherType(0x0806)).payload(new byte[28])
                .build();
        assertThat(bed.run(Role.N3N6, arp).retval()).isEqualTo(Xdp.PASS);
    }

    /** A Session Modification must not reset usage: URRs kept across it keep counting, only new slots start at 0. */
    @Test
    void modifyKeepsTheCountersOfKeptUrrsAndZeroesOnlyNewOnes() {
        int extra = 5;
        SessionRules withExtra = Sessions.basic(Sessions.toGnbV4()).urr(extra)
                .pdr(Sessions.PDR_DL, new PdrRule(Sessions.FAR_N3, Sessions.QER, 0, Sessions.URR, extra,
                        Direction.DOWNLINK, null, null))
                .build();
        SessionRules plain = Sessions.basic(Sessions.toGnbV4()).build();
        bed.dp.install(withExtra);
        bed.run(Role.N6, toUe());

        bed.dp.modify(withExtra, plain);
        bed.run(Role.N6, toUe());

        assertThat(bed.dp.usage(Sessions.URR).downlinkPackets()).as("kept URR").isEqualTo(2);
        assertThat(bed.dp.usage(extra).downlinkPackets()).as("removed URR, still readable").isEqualTo(1);

        bed.dp.modify(plain, withExtra);
        bed.run(Role.N6, toUe());

        assertThat(bed.dp.usage(Sessions.URR).downlinkPackets()).as("kept URR").isEqualTo(3);
        assertThat(bed.dp.usage(extra).downlinkPackets()).as("URR new in the modification").isEqualTo(1);
        assertThat(bed.dp.usage(Sessions.URR).downlinkBytes()).isEqualTo(3L * (toUe().length - 14));
        bed.dp.remove(withExtra);
    }

    @Test
    void usageSurvivesRemovalAndRestartsAtInstall() {
        SessionRules s = Sessions.basic(Sessions.toGnbV4()).build();
        bed.dp.install(s);
        bed.run(Role.N6, toUe());
        bed.dp.remove(s);

        assertThat(bed.dp.usage(Sessions.URR).downlinkPackets()).isEqualTo(1);
        assertThat(bed.run(Role.N6, toUe()).retval()).isEqualTo(Xdp.PASS); // no UE entry any more
        bed.dp.install(s);
        assertThat(bed.dp.usage(Sessions.URR)).isEqualTo(new Usage(0, 0, 0, 0));
    }

    @Test
    void pinnedMapsKeepTheRulesAcrossAReload() {
        java.nio.file.Path pins = bed.topology.pinRoot();
        DataplaneConfig config = DataplaneConfig.small(8);
        try (Dataplane first = Dataplane.load(config, pins)) {
            first.install(Sessions.basic(Sessions.toGnbV4()).build());
            assertThat(java.nio.file.Files.exists(pins.resolve(PdrSet.TEID_MAP))).isTrue();
        }
        try (Dataplane second = Dataplane.load(config, pins)) {
            var r = Netns.call(bed.ns.name(), () -> second.program(Role.N6).testRun(
                    org.upf.bpf.TestRunRequest.builder(toUe()).ingressIfindex(bed.n6).build()));
            assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
            assertThat(r.dataOut()).hasSize(toUe().length + 44); // GTP-U/UDP/IPv4 with the container
            assertThat(second.usage(Sessions.URR).downlinkPackets()).isEqualTo(1);
        }
    }

    /**
     * Restart without loss, data-path side: a pinned link keeps the program on the interface when its loader goes
     * away, the next load takes the same link over (same link id, new program), and detach removes pin and program.
     */
    @Test
    void pinnedLinksStayAttachedWhenTheLoaderGoesAndAreTakenOverByTheNextLoad() throws Exception {
        java.nio.file.Path pins = java.nio.file.Files.createDirectories(bed.topology.pinRoot().resolve("links"));
        DataplaneConfig config = DataplaneConfig.small(8);
        BpfLink.Info before;
        try (Dataplane first = Dataplane.load(config, pins)) {
            Netns.call(bed.ns.name(), () -> {
                first.attach(Role.N6, bed.n6);
                return null;
            });
            try (BpfLink l = BpfLink.openPinned(first.linkPin(bed.n6))) {
                before = l.info();
            }
        }
        assertThat(bed.ns.ip("-d", "link", "show", "dev", "n6")).as("attached after the loader closed")
                .contains("prog/xdp id " + before.programId());

        try (Dataplane second = Dataplane.load(config, pins)) {
            Netns.call(bed.ns.name(), () -> {
                second.attach(Role.N6, bed.n6);
                return null;
            });
            BpfLink.Info after;
            try (BpfLink l = BpfLink.openPinned(second.linkPin(bed.n6))) {
                after = l.info();
            }
            assertThat(after.id()).as("the same link").isEqualTo(before.id());
            assertThat(after.programId()).as("running the new load's program").isNotEqualTo(before.programId());
            assertThat(bed.ns.ip("-d", "link", "show", "dev", "n6")).contains("prog/xdp id " + after.programId());

            Netns.call(bed.ns.name(), () -> {
                second.detach(bed.n6);
                return null;
            });
            assertThat(java.nio.file.Files.exists(second.linkPin(bed.n6))).isFalse();
            assertThat(bed.ns.ip("-d", "link", "show", "dev", "n6")).doesNotContain("prog/xdp");
        }
    }

    @Test
    void teidInTheReservedSlotIsRefusedBeforeAnythingIsWritten() {
        SessionRules s = Sessions.basic(Sessions.toGnbV4()).uplinkTeid(0x100, Sessions.PDR_UL).build();
        assertThatThrownBy(() -> bed.dp.install(s)).hasMessageContaining("reserved slot 0");
    }

    @Test
    void deviceWithoutNativeXdpFallsBackToGeneric() {
        int lo = bed.ns.ifindex("lo"); // loopback has no driver XDP hook
        Netns.call(bed.ns.name(), () -> {
            bed.dp.attach(Role.N6, lo);
            assertThat(bed.ns.ip("-d", "link", "show", "dev", "lo")).contains("xdpgeneric");
            bed.dp.detach(lo);
            return null;
        });
    }

    @Test
    void attachAndDetachOnTheUpfInterfaces() {
        Netns.call(bed.ns.name(), () -> {
            bed.dp.attach(Role.N3, bed.n3);
            bed.dp.attach(Role.N6, bed.n6);
            assertThatThrownBy(() -> bed.dp.attach(Role.N9, bed.n3)).isInstanceOf(IllegalStateException.class);
            bed.dp.n9Interface(0);
            bed.dp.attach(Role.N9, bed.n9);
            assertThat(bed.dp.n9Interface()).as("the N9 interface of the counters").isEqualTo(bed.n9);
            assertThat(bed.ns.ip("-d", "link", "show", "dev", "n3")).contains("xdp");
            bed.dp.detach(bed.n3);
            bed.dp.detach(bed.n6);
            bed.dp.detach(bed.n9);
            assertThat(bed.dp.n9Interface()).isZero();
            bed.dp.n9Interface(bed.n9);
            assertThat(bed.ns.ip("-d", "link", "show", "dev", "n3")).doesNotContain("prog/xdp");
            return null;
        });
    }
}
