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
import org.upf.bpf.dataplane.DropReason;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.testing.Tshark;
import org.upf.control.session.MapCensus;

/**
 * The whole agent against an SMF that is not this project's code: Scapy's PFCP layers associate over loopback UDP,
 * establish a session (uplink and downlink PDR, FAR, QER, URR; 1-octet Apply Action; F-TEID CHOOSE), then real
 * GTP-U flows gNB namespace -> N3 -> UPF (XDP) -> N6 -> data-network namespace and back; the SMF moves the downlink
 * tunnel (modification), deletes the session (nothing left in the maps, traffic stops) and releases the
 * association. tshark decodes every response the agent sent without expert warnings.
 */
class AgentWithScapySmfTest {
    static final String GNB = AgentTestbed.GNB;
    static final String UPF_N3 = AgentTestbed.UPF_N3;
    static final String DN = AgentTestbed.DN;
    static final String UE = "198.19.200.1";
    static final int GNB_TEID = 0x7000_0001;
    static final int GNB_TEID_2 = 0x7000_0002;
    static final int ECHO_PORT = AgentTestbed.ECHO_PORT;
    static final int QFI = 9;
    static final int PACKETS = 5;

    @Test
    void scapySmfSessionCarriesRealTraffic() throws Exception {
        try (AgentTestbed t = new AgentTestbed(Map.of())) {
            UpfAgent agent = t.agent;
            DatagramSocket gnbSocket = t.gnbSocket;
            DatagramSocket echo = t.echo;

            try (ScapySmf smf = new ScapySmf(t.upf.name(), "127.0.0.1", agent.n4Address().getPort(), GNB, GNB_TEID, UE)) {
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

                JsonNode m = smf.run("modify 0x" + Integer.toHexString(GNB_TEID_2));
                assertThat(m.get("cause").asInt()).isEqualTo(1);
                assertVolumes(m.get("usage"), 1, "Query URR after the first round");
                assertThat(roundTrips(gnbSocket, echo, teid, GNB_TEID_2)).as("replies in the moved tunnel")
                        .isEqualTo(PACKETS);

                JsonNode d = smf.run("delete");
                assertThat(d.get("cause").asInt()).isEqualTo(1);
                // A report carries the usage since the URR's previous report (TS 29.244 §5.2.2.2.1): the Query URR
                // answered by the modification took the first round, the URR kept counting across it.
                assertVolumes(d.get("usage"), 1, "final report");
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

    /** rounds times PACKETS inner IPv4 packets of 20 + 8 + 2 octets each way. */
    private static void assertVolumes(JsonNode usage, int rounds, String what) {
        long oneWay = rounds * PACKETS * 30L;
        assertThat(usage.get("uplink").asLong()).as(what + " uplink").isEqualTo(oneWay);
        assertThat(usage.get("downlink").asLong()).as(what + " downlink").isEqualTo(oneWay);
        assertThat(usage.get("total").asLong()).as(what + " total").isEqualTo(2 * oneWay);
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
