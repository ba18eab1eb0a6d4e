package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.TEID;
import static org.upf.bpf.dataplane.Sessions.UE;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.GNB;
import static org.upf.bpf.dataplane.Testbed.GNB_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N3;
import static org.upf.bpf.dataplane.Testbed.UPF_N3_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;

/**
 * upf_ifstat_v1 (the TS 28.552 §5.4 N3/N6 counters) through BPF_PROG_TEST_RUN: which packets each counter takes and
 * how many octets (GTP-U header to the end of the T-PDU on N3, the IP packet on N6).
 */
class InterfaceCountersTest extends BasicSessionFixture {
    static final byte[] DATA = "counted payload".getBytes();
    static final int ETH = 14;
    static final int OUTER_IPV4_UDP = 20 + 8;

    static byte[] gpdu(int teid, int qfi) {
        return Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(teid)
                .pduSessionContainerUl(qfi).ipv4(UE, DN_HOST).udp(40000, 5001).payload(DATA).build();
    }

    static byte[] toUe(String ue) {
        return Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, ue).udp(5001, 40000).payload(DATA).build();
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
        byte[] in = gpdu(TEID, QFI);

        Map<InterfaceCounter, Counter> d = delta(() -> {
            TestRunResult r = bed.run(Role.N3, in);
            assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
        });

        int gtpu = in.length - ETH - OUTER_IPV4_UDP;        // GTP-U header, optional field, PSC, T-PDU
        int tpdu = gtpu - 8 - 4 - 4;
        assertThat(d.get(InterfaceCounter.GTP_IN)).isEqualTo(new Counter(1, gtpu));
        assertThat(d.get(InterfaceCounter.N6_OUT)).isEqualTo(new Counter(1, tpdu));
        assertThat(d.get(InterfaceCounter.N6_IN)).isEqualTo(Counter.ZERO);
        assertThat(d.get(InterfaceCounter.GTP_OUT)).isEqualTo(Counter.ZERO);
    }

    @Test
    void downlinkCountsTheIpPacketOnN6AndTheGeneratedGpduOnN3() {
        byte[] in = toUe(UE);
        byte[][] out = new byte[1][];

        Map<InterfaceCounter, Counter> d = delta(() -> {
            TestRunResult r = bed.run(Role.N6, in);
            assertThat(r.retval()).isEqualTo(Xdp.REDIRECT);
            out[0] = r.dataOut();
        });

        assertThat(d.get(InterfaceCounter.N6_IN)).isEqualTo(new Counter(1, in.length - ETH));
        assertThat(d.get(InterfaceCounter.GTP_OUT)).isEqualTo(new Counter(1, out[0].length - ETH - OUTER_IPV4_UDP));
        assertThat(d.get(InterfaceCounter.GTP_IN)).isEqualTo(Counter.ZERO);
        assertThat(d.get(InterfaceCounter.N6_OUT)).isEqualTo(Counter.ZERO);
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
