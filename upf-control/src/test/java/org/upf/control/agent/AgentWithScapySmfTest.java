package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.bpf.Netns;
import org.upf.bpf.dataplane.DropReason;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.bpf.netns.VethPair;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.testing.Tshark;
import org.upf.control.config.AgentConfig;
import org.upf.control.config.ConfigLoader;
import org.upf.control.session.MapCensus;

/**
 * The whole agent against an SMF that is not this project's code: Scapy's PFCP layers associate over loopback UDP,
 * establish a session (uplink and downlink PDR, FAR, QER, URR; 1-octet Apply Action; F-TEID CHOOSE), then real
 * GTP-U flows gNB namespace -> N3 -> UPF (XDP) -> N6 -> data-network namespace and back; the SMF moves the downlink
 * tunnel (modification), deletes the session (nothing left in the maps, traffic stops) and releases the
 * association. tshark decodes every response the agent sent without expert warnings.
 */
class AgentWithScapySmfTest {
    static final String GNB = "198.18.3.2";
    static final String UPF_N3 = "198.18.3.1";
    static final String UPF_N6 = "198.18.6.1";
    static final String DN = "198.18.6.2";
    static final String UE = "198.19.200.1";
    static final int GNB_TEID = 0x7000_0001;
    static final int GNB_TEID_2 = 0x7000_0002;
    static final int ECHO_PORT = 7000;
    static final int QFI = 9;
    static final int PACKETS = 5;

    @Test
    void scapySmfSessionCarriesRealTraffic() throws Exception {
        try (Topology t = Topology.create("agent")) {
            NetworkNamespace gnb = t.namespace("gnb");
            NetworkNamespace upf = t.namespace("upf");
            NetworkNamespace dn = t.namespace("dn");
            VethPair n3 = t.veth(gnb, "n3g", upf, "n3");
            VethPair n6 = t.veth(upf, "n6", dn, "n6d");
            n3.a().address(GNB + "/24").up().gro(true); // XDP_REDIRECT into a veth needs GRO on its peer
            n3.b().address(UPF_N3 + "/24").up();
            n6.a().address(UPF_N6 + "/24").up();
            n6.b().address(DN + "/24").up().gro(true).route("198.19.200.0/24", UPF_N6);
            n3.b().neighbour(GNB, n3.a().mac().toString());
            n6.a().neighbour(DN, n6.b().mac().toString());
            upf.sysctl("net.ipv4.ip_forward", "1");
            upf.ip("link", "set", "lo", "up");

            Map<String, Object> flags = Map.of("n3.interface", "n3", "n6.interface", "n6",
                    "n4.address", "127.0.0.1", "smf.allowed", List.of("127.0.0.1"),
                    "ue.pools", List.of("internet=198.19.200.0/24"), "maps.teidSlotBits", "8");
            Map<String, Object> keys = new java.util.HashMap<>(flags);
            for (String m : List.of("sessions", "pdrs", "fars", "qers", "urrs", "ueIpv4", "ueIpv6", "ueIpv6Prefixes")) {
                keys.put("maps." + m, "256");
            }
            keys.put("maps.eventRingBytes", "65536");
            keys.put("pfcp.heartbeatInterval", "0s");
            UpfAgent agent = t.track(Netns.call(upf.name(), () -> {
                AgentConfig c = ConfigLoader.load(null, keys);
                return UpfAgent.start(c);
            }));

            DatagramSocket gnbSocket = t.track(Netns.call(gnb.name(),
                    () -> new DatagramSocket(new InetSocketAddress(GNB, 2152))));
            DatagramSocket echo = t.track(Netns.call(dn.name(),
                    () -> new DatagramSocket(new InetSocketAddress(DN, ECHO_PORT))));

            try (ScapySmf smf = new ScapySmf(upf.name(), "127.0.0.1", agent.n4Address().getPort(), GNB, GNB_TEID, UE)) {
                JsonNode a = smf.run("associate");
                assertThat(a.get("cause").asInt()).isEqualTo(1);
                assertThat(a.get("ftup").asBoolean()).isTrue();

                JsonNode e = smf.run("establish");
                assertThat(e.get("cause").asInt()).as("establishment cause").isEqualTo(1);
                assertThat(e.get("seid_header").asLong()).isEqualTo(0xA1);
                int teid = e.get("teid").asInt();
                assertThat(teid).isNotZero();
                assertThat(agent.sessions().count()).isEqualTo(1);

                assertThat(roundTrips(gnbSocket, echo, teid, GNB_TEID)).as("replies in the first tunnel")
                        .isEqualTo(PACKETS);

                assertThat(smf.run("modify 0x" + Integer.toHexString(GNB_TEID_2)).get("cause").asInt()).isEqualTo(1);
                assertThat(roundTrips(gnbSocket, echo, teid, GNB_TEID_2)).as("replies in the moved tunnel")
                        .isEqualTo(PACKETS);

                assertThat(smf.run("delete").get("cause").asInt()).isEqualTo(1);
                assertThat(agent.sessions().count()).isZero();
                assertThat(MapCensus.total(agent.dataplane())).as("entries left in the maps").isZero();
                long unknownBefore = agent.dataplane().drops().get(DropReason.UNKNOWN_TEID).packets();
                assertThat(roundTrips(gnbSocket, echo, teid, GNB_TEID_2)).as("replies after deletion").isZero();
                assertThat(agent.dataplane().drops().get(DropReason.UNKNOWN_TEID).packets() - unknownBefore)
                        .isEqualTo(PACKETS);

                assertThat(smf.run("release").get("cause").asInt()).isEqualTo(1);
                assertThat(agent.associations().all()).isEmpty();

                List<byte[]> frames = new ArrayList<>();
                for (byte[] pfcp : smf.responses) {
                    frames.add(Packet.builder().eth("02:00:00:00:00:01", "02:00:00:00:00:02")
                            .ipv4("198.18.0.2", "198.18.0.1").udp(8805, 40000).payload(pfcp).build());
                }
                assertThat(Tshark.fields(frames, "pfcp.msg_type", "pfcp.cause")).extracting(r -> r.get(0))
                        .containsExactly("6", "51", "53", "55", "10");
                assertThat(Tshark.expertProblems(frames)).isEmpty();
            }
        }
    }

    /**
     * Sends PACKETS uplink G-PDUs (UE -> DN echo port) on the local TEID, echoes what reaches the data network and
     * counts the replies that come back to the gNB in tunnel gnbTeid with the right inner addresses. Bounded by
     * count and 1 s receive timeouts.
     */
    private static int roundTrips(DatagramSocket gnb, DatagramSocket echo, int teid, int gnbTeid) throws Exception {
        InetSocketAddress upfN3 = new InetSocketAddress(UPF_N3, 2152);
        for (int k = 0; k < PACKETS; k++) {
            byte[] gpdu = Packet.builder().gtpu(teid & 0xffffffffL).pduSessionContainerUl(QFI)
                    .ipv4(UE, DN).udp(30000 + k, ECHO_PORT).payload(("k" + k).getBytes()).build();
            gnb.send(new DatagramPacket(gpdu, gpdu.length, upfN3));
        }
        echo.setSoTimeout(1000);
        byte[] buf = new byte[2048];
        for (int k = 0; k < PACKETS; k++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                echo.receive(p);
            } catch (SocketTimeoutException none) {
                break;
            }
            echo.send(new DatagramPacket(Arrays.copyOf(p.getData(), p.getLength()), p.getLength(),
                    p.getSocketAddress()));
        }
        gnb.setSoTimeout(1000);
        int ok = 0;
        for (int k = 0; k < PACKETS; k++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                gnb.receive(p);
            } catch (SocketTimeoutException none) {
                break;
            }
            ByteBuffer g = ByteBuffer.wrap(p.getData(), 0, p.getLength());
            int innerAt = 16; // 8 mandatory + 4 optional + 4 PDU Session Container
            byte[] src = Arrays.copyOfRange(p.getData(), innerAt + 12, innerAt + 16);
            byte[] dst = Arrays.copyOfRange(p.getData(), innerAt + 16, innerAt + 20);
            if (g.getInt(4) == gnbTeid && InetAddress.getByAddress(src).getHostAddress().equals(DN)
                    && InetAddress.getByAddress(dst).getHostAddress().equals(UE)) {
                ok++;
            }
        }
        return ok;
    }
}
