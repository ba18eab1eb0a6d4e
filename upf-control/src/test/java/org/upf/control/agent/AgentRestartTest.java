package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.upf.bpf.packet.Packet;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UsageReport;

/**
 * Restart without loss (issue 5): with the maps and links pinned and the agent's journal in a state directory, an
 * agent restarted while uplink traffic flows loses no packet (everything sent reaches the data network and is
 * counted), gets back its association and every session with the same SEIDs, keeps its Recovery Time Stamp, and a
 * Session Modification on an old session succeeds (its Query URR report counts the traffic of before and during
 * the restart).
 */
class AgentRestartTest {
    static final String[] UES = {"198.19.200.21", "198.19.200.22"};
    static final int PACKETS = 600;
    static final int INNER_OCTETS = 30;

    @Test
    void restartUnderTrafficLosesNothing() throws Exception {
        try (AgentTestbed t = new AgentTestbed(Map.of("smf.allowed", List.of("127.0.0.0/8")), true)) {
            DatagramSocket smf = t.n4Peer("127.0.0.6");
            PfcpMessage setup = call(t, smf, PfcpMessage.builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST)
                    .sequence(1).nodeId(Requests.SMF).recoveryTimeStamp(3_900_000_000L).build());
            assertThat(setup.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            long[] seids = new long[UES.length];
            long[] teids = new long[UES.length];
            for (int i = 0; i < UES.length; i++) {
                PfcpMessage r = call(t, smf, PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST)
                        .seid(0).sequence(2 + i).nodeId(Requests.SMF)
                        .add(FSeid.of(0xD0 + i, new byte[] {127, 0, 0, 6}, null))
                        .addAll(List.of(Requests.basicSession(UES[i]))).build());
                assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
                seids[i] = r.fSeid().seid();
                teids[i] = r.findAll(IeType.CREATED_PDR, CreatedPdr.class).get(0).localFTeid().teid();
            }

            AtomicInteger received = new AtomicInteger();
            Thread dn = new Thread(() -> count(t.echo, received), "dn-receiver");
            dn.start();
            Thread gnb = new Thread(() -> send(t, teids), "gnb-sender");
            gnb.start();
            Thread.sleep(200);
            t.restart();
            gnb.join(30_000);
            dn.join(30_000);

            assertThat(received.get()).as("uplink packets that reached the data network").isEqualTo(PACKETS);
            assertThat(t.agent.sessions().seids()).containsExactlyInAnyOrder(seids[0], seids[1]);
            assertThat(t.agent.associations().all()).hasSize(1);
            PfcpMessage hb = call(t, smf, PfcpMessage.builder(PfcpMessageType.HEARTBEAT_REQUEST).sequence(10)
                    .recoveryTimeStamp(3_900_000_000L).build());
            assertThat(hb.recoveryTimeStamp()).as("our Recovery Time Stamp survives the restart")
                    .isEqualTo(setup.recoveryTimeStamp());

            for (int i = 0; i < UES.length; i++) {
                PfcpMessage m = call(t, smf, PfcpMessage.builder(PfcpMessageType.SESSION_MODIFICATION_REQUEST)
                        .seid(seids[i]).sequence(11 + i)
                        .add(new GroupedIe(IeType.QUERY_URR, List.of(UintIe.of(IeType.URR_ID, 4, 1)))).build());
                assertThat(m.cause()).as("modification of old session " + i).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
                UsageReport u = m.findAll(IeType.USAGE_REPORT_SESSION_MODIFICATION_RESPONSE, UsageReport.class).get(0);
                assertThat(u.volumeMeasurement().uplink()).as("uplink octets of session " + i + " counted throughout")
                        .isEqualTo((long) PACKETS / UES.length * INNER_OCTETS);
            }
        }
    }

    /** PACKETS uplink G-PDUs, alternating over the sessions, one every 2 ms (about 1.2 s in all). */
    private static void send(AgentTestbed t, long[] teids) {
        InetSocketAddress upfN3 = new InetSocketAddress(AgentTestbed.UPF_N3, 2152);
        try {
            for (int k = 0; k < PACKETS; k++) {
                int s = k % teids.length;
                byte[] gpdu = Packet.builder().gtpu(teids[s]).pduSessionContainerUl(9).ipv4(UES[s], AgentTestbed.DN)
                        .udp(31000 + s, AgentTestbed.ECHO_PORT).payload(new byte[2]).build();
                t.gnbSocket.send(new DatagramPacket(gpdu, gpdu.length, upfN3));
                Thread.sleep(2);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts datagrams until none came for 2 s (bounded by PACKETS). */
    private static void count(DatagramSocket dn, AtomicInteger received) {
        byte[] buf = new byte[2048];
        try {
            dn.setSoTimeout(2000);
            while (received.get() < PACKETS) {
                dn.receive(new DatagramPacket(buf, buf.length));
                received.incrementAndGet();
            }
        } catch (SocketTimeoutException done) {
            // the sender stopped
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PfcpMessage call(AgentTestbed t, DatagramSocket s, PfcpMessage request) throws Exception {
        byte[] b = PfcpCodec.encode(request);
        s.setSoTimeout(3000);
        s.send(new DatagramPacket(b, b.length, t.agent.n4Address()));
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return PfcpCodec.decode(Arrays.copyOf(p.getData(), p.getLength()));
    }
}
