package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.bpf.BpfMap;
import org.upf.bpf.BpfMapType;
import org.upf.bpf.Netns;
import org.upf.bpf.TestRunRequest;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.UpdateFlags;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.dataplane.DenseIndex;
import org.upf.bpf.dataplane.DenseRange;
import org.upf.bpf.dataplane.UeKeys;
import org.upf.bpf.packet.Packet;
import org.upf.control.config.ConfigException;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.Pdi;
import org.upf.pfcp.ie.UeIpAddress;
import org.upf.pfcp.ie.UintIe;

/**
 * The agent's UE pools become the data path's dense downlink ranges (maps.ueDenseSlots): a UE address the SMF gives
 * inside the pool, one the UPF chooses (CHV4) and an IPv6 /64 it chooses (CHV6) all go into upf_dldense_v1, none into
 * the UE-address hashes, and their downlink is forwarded from there: IPv4 echo round trips through the veths, IPv6 by
 * the N6 program on a frame toward the chosen prefix.
 */
class AgentDenseDownlinkTest {
    static final String V6_POOL = "2001:db8:200::/48";

    @Test
    void smfGivenAndChosenUesForwardThroughTheDenseIndex() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("ue.pools",
                List.of(AgentTestbed.UE_POOL, V6_POOL)))) {
            Dataplane dp = bed.agent.dataplane();
            assertThat(dp.denseIndex().ranges()).containsExactly(DenseRange.parse(AgentTestbed.UE_POOL),
                    DenseRange.parse(V6_POOL));

            TrafficSession.establishWithTraffic(bed); // the SMF's UE 198.19.200.7, echo round trips checked there
            assertLive(dp, dp.denseIndex().slot((Inet4Address) InetAddress.getByName(TrafficSession.UE)));

            DatagramSocket smf = bed.n4Peer("127.0.0.1");
            smf.setSoTimeout(3000);
            PfcpMessage chv4 = TrafficSession.exchange(bed, smf, Requests.establishment(0x72,
                    Requests.uplinkPdr(1, 1, 1), Requests.downlinkPdr(2, null, 2), Requests.farToN6(1),
                    Requests.farToGnb(2, 0x2001), Requests.qer(1), Requests.urr(1)));
            List<CreatedPdr> created = chv4.findAll(IeType.CREATED_PDR, CreatedPdr.class);
            Inet4Address chosen = (Inet4Address) InetAddress.getByAddress(created.get(1).ueIpAddresses().get(0).ipv4());
            assertLive(dp, dp.denseIndex().slot(chosen));
            assertThat(TrafficSession.roundTrips(bed, (int) created.get(0).localFTeid().teid(),
                    chosen.getHostAddress())).as("echo replies to the chosen UE %s", chosen)
                    .isEqualTo(TrafficSession.PACKETS);

            UeIpAddress chv6Ie = new UeIpAddress(UeIpAddress.SD | UeIpAddress.V6 | UeIpAddress.CHV6, null, null, -1,
                    -1);
            CreatePdr dl6 = new CreatePdr(List.of(UintIe.of(IeType.PDR_ID, 2, 2), UintIe.of(IeType.PRECEDENCE, 4, 100),
                    new Pdi(List.of(Requests.u8(IeType.SOURCE_INTERFACE, 1), chv6Ie)), UintIe.of(IeType.FAR_ID, 4, 2)));
            PfcpMessage chv6 = TrafficSession.exchange(bed, smf, Requests.establishment(0x73,
                    Requests.uplinkPdr(1, 1, 1), dl6, Requests.farToN6(1), Requests.farToGnb(2, 0x2006),
                    Requests.qer(1), Requests.urr(1)));
            Inet6Address prefix = (Inet6Address) InetAddress.getByAddress(
                    chv6.findAll(IeType.CREATED_PDR, CreatedPdr.class).get(1).ueIpAddresses().get(0).ipv6());
            assertLive(dp, dp.denseIndex().slot(prefix, 64));
            for (String hash : List.of(UeKeys.DL4_MAP, UeKeys.DL6_MAP, UeKeys.DL6P_MAP)) {
                BpfMap m = dp.map(hash);
                assertThat(m.nextKey(null, ByteBuffer.allocateDirect(m.keySize()))).as("%s holds a key", hash)
                        .isFalse();
            }

            byte[] ue = prefix.getAddress();
            ue[15] = 5;
            byte[] toUe = Packet.eth("02:00:00:00:06:02", "02:00:00:00:06:01")
                    .ipv6("2001:db8:100::10", InetAddress.getByAddress(ue).getHostAddress()).udp(5001, 40000)
                    .payload(new byte[16]).build();
            TestRunResult r = Netns.call(bed.upf.name(), () -> dp.program(Dataplane.Role.N6).testRun(
                    TestRunRequest.builder(toUe).ingressIfindex(NetworkInterface.getByName("n6").getIndex()).build()));
            assertThat(r.retval()).as("XDP_REDIRECT toward the gNB").isEqualTo(4);
            // Ethernet 14, IPv4 20, UDP 8, then the GTP-U header with the FAR's TEID in octets 4..7.
            assertThat(ByteBuffer.wrap(r.dataOut(), 14 + 20 + 8 + 4, 4).getInt()).isEqualTo(0x2006);
        }
    }

    /**
     * Review item HIGH 1: the dense array's size is maps.ueDenseSlots, not the pools' slots, so an edit of ue.pools
     * restarts on the pinned maps; the pinned ranges stay in force while UEs are placed by them (upf_dlrange_v1 keeps
     * its contents) and the session forwards after the restart. Another slot count is refused naming the key.
     */
    @Test
    void aPoolEditRestartsOnThePinnedMapsAndTheSessionForwards() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of(), true)) {
            TrafficSession s = TrafficSession.establishWithTraffic(bed);
            ByteBuffer ranges = rangesMap(bed.agent.dataplane());
            bed.stopAgent();

            bed.keys.put("ue.pools", List.of("internet=" + AgentTestbed.UE_POOL, "internet=" + V6_POOL,
                    "other=198.19.202.0/24"));
            bed.startAgentAgain();
            Dataplane dp = bed.agent.dataplane();
            assertThat(rangesMap(dp)).as("upf_dlrange_v1 as the UE was placed").isEqualTo(ranges);
            assertThat(dp.denseIndex().ranges()).containsExactly(DenseRange.parse(AgentTestbed.UE_POOL));
            assertLive(dp, dp.denseIndex().slot((Inet4Address) InetAddress.getByName(TrafficSession.UE)));
            assertThat(TrafficSession.roundTrips(bed, s.teid)).as("echo replies after the restart")
                    .isEqualTo(TrafficSession.PACKETS);
            bed.stopAgent();

            bed.keys.put("maps.ueDenseSlots", "4096");
            assertThatThrownBy(bed::startAgentAgain).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("config: maps.ueDenseSlots: upf_dldense_v1 pinned under")
                    .hasMessageContaining("has 131072 slots, the configuration asks for 4096");
        }
    }

    /**
     * Review 8 item 7: a pin root with an upf_dl4_v3 holding a UE whose values are no layout-3 struct upf_ue_set, which
     * a load cannot migrate into layout 4 (the journal's replay writes nothing on pinned maps): start-up stops naming
     * bpf.pinRoot and the map, rather than leaving that UE without downlink.
     */
    @Test
    void pinnedLayoutThreeUeMapsOfAnotherValueSizeStopStartUpNamingThePinRoot() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of(), true)) {
            bed.stopAgent();
            Path pin = bed.topology.pinRoot().resolve("upf_dl4_v3");
            try (BpfMap v3 = BpfMap.create(BpfMapType.HASH, "upf_dl4_v3", 4, 64, 16, 0)) {
                v3.pin(pin); // removed with the pin root
                v3.update(ByteBuffer.allocateDirect(4).put(0, InetAddress.getByName("198.19.220.1").getAddress()),
                        ByteBuffer.allocateDirect(64), UpdateFlags.ANY);
            }
            assertThatThrownBy(bed::startAgentAgain).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("config: bpf.pinRoot: [" + pin + "] pinned: UE-address maps of layout 3"
                            + " that cannot be migrated into layout 4: their values have 64 octets");
        }
    }

    private static ByteBuffer rangesMap(Dataplane dp) {
        BpfMap m = dp.map(DenseIndex.RANGES_MAP);
        ByteBuffer v = ByteBuffer.allocate(m.valueBufferSize());
        ByteBuffer direct = ByteBuffer.allocateDirect(m.valueBufferSize());
        assertThat(m.lookup(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, 0), direct)).isTrue();
        return v.put(direct).flip();
    }

    private static void assertLive(Dataplane dp, int slot) {
        assertThat(slot).as("dense slot").isPositive();
        BpfMap m = dp.map(DenseIndex.VALUES_MAP);
        ByteBuffer v = ByteBuffer.allocateDirect(m.valueBufferSize());
        assertThat(m.lookup(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, slot), v)).isTrue();
        assertThat(v.get(0) & DenseIndex.LIVE).as("slot %d live", slot).isNotZero();
    }
}
