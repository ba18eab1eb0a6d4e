package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.TEID;
import static org.upf.bpf.dataplane.Sessions.UE;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB;
import static org.upf.bpf.dataplane.Testbed.GNB_MAC;
import static org.upf.bpf.dataplane.Testbed.PEER_UPF;
import static org.upf.bpf.dataplane.Testbed.PEER_UPF_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N3;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N9;
import static org.upf.bpf.dataplane.Testbed.UPF_N9_MAC;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;

/**
 * upf_ifstat_v4 (the TS 28.552 §5.4 N3/N9/N6 counters) through BPF_PROG_TEST_RUN: which packets each counter takes
 * and how many octets (GTP-U header to the end of the T-PDU on N3 and N9, the IP packet on N6). N9 G-PDUs arrive on
 * the testbed's N9 veth (the data path's N9 interface) and leave by a FAR {@link FarRule#toN9()}, from the fast entry
 * and from the rule walk.
 */
class InterfaceCountersTest extends BasicSessionFixture {
    static final byte[] DATA = "counted payload".getBytes();
    static final int ETH = 14;
    static final int OUTER_IPV4_UDP = 20 + 8;

    static byte[] gpdu(int teid, int qfi) {
        return Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(teid)
                .pduSessionContainerUl(qfi).ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();
    }

    static byte[] gpduFromPeerUpf(int teid, int qfi) {
        return Packet.eth(PEER_UPF_MAC, UPF_N9_MAC).ipv4(PEER_UPF, UPF_N9).udp(2152, 2152).gtpu(teid)
                .pduSessionContainerUl(qfi).ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();
    }

    static FarRule toPeerUpf() {
        return FarRule.forwardGtpu(Sessions.addr(UPF_N9), Sessions.addr(PEER_UPF), 0x3000_0001, null).toN9();
    }

    static byte[] toUe(String ue) {
        return Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, ue).udp(5001, 40000).payload(DATA).build();
    }

    /** The given counters, every other one zero. */
    static Map<InterfaceCounter, Counter> only(InterfaceCounter c1, Counter v1, InterfaceCounter c2, Counter v2) {
        Map<InterfaceCounter, Counter> out = new EnumMap<>(InterfaceCounter.class);
        for (InterfaceCounter c : InterfaceCounter.values()) {
            out.put(c, Counter.ZERO);
        }
        out.put(c1, v1);
        out.put(c2, v2);
        return out;
    }

    /** Counter changes while action runs. */
    static Map<InterfaceCounter, Counter> delta(Runnable action) {
        Map<InterfaceCounter, Counter> before = bed.dp.interfaceCounters();
        action.run();
        Map<InterfaceCounter, Counter> out = new EnumMap<>(InterfaceCounter.class);
        bed.dp.interfaceCounters().forEach((c, after) -> out.put(c,
                new Counter(after.packets() - before.get(c).packets(), after.bytes() - before.get(c).bytes())));
        return out;
    }

    @Test
    void uplinkCountsTheGpduOnN3AndTheIpPacketOnN6() {
        uplinkCounts(Role.N3, gpdu(TEID, QFI), InterfaceCounter.GTP_IN);
    }

    @Test
    void uplinkFromAnotherUpfCountsTheGpduOnN9() {
        uplinkCounts(Role.N9, gpduFromPeerUpf(TEID, QFI), InterfaceCounter.GTP_IN_N9);
    }

    /** One uplink G-PDU arriving on role's interface: counted there as gtpIn, and on N6 as its T-PDU. */
    private static void uplinkCounts(Role role, byte[] in, InterfaceCounter gtpIn) {
        Map<InterfaceCounter, Counter> d = delta(() -> assertThat(bed.run(role, in).retval()).isEqualTo(Xdp.REDIRECT));

        int gtpu = in.length - ETH - OUTER_IPV4_UDP;        // GTP-U header, optional field, PSC, T-PDU
        assertThat(d).isEqualTo(only(gtpIn, new Counter(1, gtpu), InterfaceCounter.N6_OUT,
                new Counter(1, gtpu - 8 - 4 - 4)));
    }

    @Test
    void downlinkCountsTheIpPacketOnN6AndTheGeneratedGpduOnN3() {
        downlinkCounts(GNB, InterfaceCounter.GTP_OUT);
    }

    @Test
    void downlinkTowardAnotherUpfCountsTheGeneratedGpduOnN9FromTheFastEntry() {
        bed.dp.install(Sessions.basic(toPeerUpf()).build());
        assertThat(FastEntryTest.fastFlags()[1] & DownlinkFastEntry.FLAG_ON).as("downlink fast entry").isNotZero();

        downlinkCounts(PEER_UPF, InterfaceCounter.GTP_OUT_N9);
    }

    @Test
    void downlinkTowardAnotherUpfCountsTheGeneratedGpduOnN9FromTheRuleWalk() {
        int second = 3;
        bed.dp.install(Sessions.basic(toPeerUpf())
                .pdr(second, new PdrRule(Sessions.FAR_N3, Sessions.QER, 0, Sessions.URR, 0, Direction.DOWNLINK, null,
                        null))
                .downlink(Sessions.v4(UE), Sessions.PDR_DL, second).build());
        assertThat(FastEntryTest.fastFlags()[1]).as("two PDRs: no downlink fast entry").isZero();

        downlinkCounts(PEER_UPF, InterfaceCounter.GTP_OUT_N9);
    }

    /** One N6 packet for the UE, encapsulated toward peer: counted on N6 as its IP packet, and as gtpOut. */
    private static void downlinkCounts(String peer, InterfaceCounter gtpOut) {
        byte[] in = toUe(UE);
        byte[][] out = new byte[1][];

        Map<InterfaceCounter, Counter> d = delta(() -> {
            TestRunResult r = bed.run(Role.N6, in);
            assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
            out[0] = r.dataOut();
        });

        assertThat(Arrays.copyOfRange(out[0], ETH + 16, ETH + 20)).as("outer destination")
                .isEqualTo(Sessions.addr(peer).getAddress());
        assertThat(d).isEqualTo(only(InterfaceCounter.N6_IN, new Counter(1, in.length - ETH),
                gtpOut, new Counter(1, out[0].length - ETH - OUTER_IPV4_UDP)));
    }

    @Test
    void gpduOfAKnownTeidIsAcceptedEvenWhenNoPdrTakesIt() {
        byte[] in = gpdu(TEID, QFI + 1);

        Map<InterfaceCounter, Counter> d = delta(() -> assertThat(bed.run(Role.N3, in).retval()).isEqualTo(Xdp.DROP));

        assertThat(d.get(InterfaceCounter.GTP_IN)).isEqualTo(new Counter(1, in.length - ETH - OUTER_IPV4_UDP));
        assertThat(d.get(InterfaceCounter.N6_OUT)).isEqualTo(Counter.ZERO);
    }

    @Test
    void unknownTeidAndTrafficForNoUeAreNotCounted() {
        Map<InterfaceCounter, Counter> d = delta(() -> {
            bed.run(Role.N3, gpdu(0x101, QFI));
            bed.run(Role.N6, toUe("198.19.250.250"));
        });

        assertThat(d.values()).containsOnly(Counter.ZERO);
    }
}
