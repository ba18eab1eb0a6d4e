package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.bpf.packet.Packet;

/**
 * Real frames through veths: gNB namespace (a UDP socket on 2152 playing the gNB) -> N3 -> UPF namespace (both
 * XDP programs attached natively) -> N6 -> data-network namespace (a UDP echo server and the kernel's ICMP echo)
 * and back, for 100 sessions; every reply must come back in the right tunnel and the URR counters must match.
 */
class EndToEndTest {
    static final int SESSIONS = 100;
    static final int UDP_PER_SESSION = 3;
    static final String GNB = VethUpf.GNB;
    static final String UPF_N3 = VethUpf.UPF_N3;
    static final String DN = VethUpf.DN;
    static final int ECHO_PORT = 7000;
    static final int QFI = 5;

    static String ue(int i) {
        return "198.19.200." + (i + 1);
    }

    static int localTeid(int i) {
        return 0x10 + i;
    }

    static int gnbTeid(int i) {
        return 0x7000_0000 + i;
    }

    static SessionRules session(int i) {
        int s = i + 1;
        int ul = 2 * s;
        int dl = 2 * s + 1;
        return SessionRules.builder(s, new UeSession(Sessions.v4(ue(i)), null, 0))
                .far(ul, FarRule.forwardToN6())
                .far(dl, FarRule.forwardGtpu(Sessions.addr(UPF_N3), Sessions.addr(GNB), gnbTeid(i), null))
                .qer(s, QerRule.open(QFI))
                .urr(s)
                .pdr(ul, new PdrRule(ul, s, 0, s, 0, Direction.UPLINK, null, null))
                .pdr(dl, new PdrRule(dl, s, 0, s, 0, Direction.DOWNLINK, null, null))
                .uplinkTeid(localTeid(i), ul)
                .downlink(Sessions.v4(ue(i)), dl)
                .build();
    }

    @Test
    void hundredSessionsOfUdpAndIcmpRoundTrip() throws Exception {
        try (VethUpf net = new VethUpf("e2e", DataplaneConfig.small(9))) {
            // The kernel sends at most icmp_msgs_burst (50) ICMP messages at once; we ping 100 UEs back to back.
            net.dn.sysctl("net.ipv4.icmp_msgs_burst", "1000");
            Dataplane dp = net.dp;
            for (int i = 0; i < SESSIONS; i++) {
                dp.install(session(i));
            }
            DatagramSocket gnbSocket = net.gnbSocket();
            DatagramSocket echo = net.dnSocket(ECHO_PORT);
            Thread echoer = new Thread(() -> echoAll(echo, SESSIONS * UDP_PER_SESSION), "dn-echo");
            echoer.start();

            InetSocketAddress upfN3 = new InetSocketAddress(UPF_N3, 2152);
            int perSession = UDP_PER_SESSION + 1;
            Map<Integer, Integer> replies = new HashMap<>();
            // Session by session: a veth's XDP ring holds 256 frames, a burst of 400 would overflow it.
            for (int i = 0; i < SESSIONS; i++) {
                for (int k = 0; k < UDP_PER_SESSION; k++) {
                    byte[] gpdu = Packet.builder().gtpu(localTeid(i)).pduSessionContainerUl(QFI)
                            .ipv4(ue(i), DN).udp(30000 + k, ECHO_PORT).payload(("s" + i + "k" + k).getBytes())
                            .build();
                    gnbSocket.send(new DatagramPacket(gpdu, gpdu.length, upfN3));
                }
                byte[] ping = Packet.builder().gtpu(localTeid(i)).pduSessionContainerUl(QFI)
                        .ipv4(ue(i), DN).icmpEcho(i, 1, "ping".getBytes()).build();
                gnbSocket.send(new DatagramPacket(ping, ping.length, upfN3));
                receiveTunnelled(gnbSocket, perSession, replies);
            }
            echoer.join(5000);

            for (int i = 0; i < SESSIONS; i++) {
                assertThat(replies.getOrDefault(gnbTeid(i), 0)).as("replies in the tunnel of session %d", i)
                        .isEqualTo(perSession);
                Usage u = dp.usage(i + 1);
                assertThat(u.uplinkPackets()).as("uplink packets of session %d", i).isEqualTo(perSession);
                assertThat(u.downlinkPackets()).as("downlink packets of session %d", i).isEqualTo(perSession);
            }
            assertThat(dp.drops().values()).allSatisfy(c -> assertThat(c.packets()).isZero());
        }
    }

    /** Echoes count datagrams back to their sender (bounded by count and a receive timeout). */
    static void echoAll(DatagramSocket socket, int count) {
        try {
            socket.setSoTimeout(5000);
            byte[] buf = new byte[2048];
            for (int n = 0; n < count; n++) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                socket.send(new DatagramPacket(Arrays.copyOf(p.getData(), p.getLength()), p.getLength(),
                        p.getSocketAddress()));
            }
        } catch (SocketTimeoutException e) {
            // fewer datagrams than expected: the assertions on the gNB side report it
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Receives up to count G-PDUs; counts per peer TEID those whose inner packet goes from the DN to that UE. */
    static void receiveTunnelled(DatagramSocket socket, int count, Map<Integer, Integer> perTeid) throws Exception {
        socket.setSoTimeout(2000);
        byte[] buf = new byte[2048];
        for (int n = 0; n < count; n++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            ByteBuffer g = ByteBuffer.wrap(p.getData(), 0, p.getLength());
            int teid = g.getInt(4);
            int qfi = g.get(14) & 0x3f;
            int innerAt = 16; // 8 mandatory + 4 optional + 4 PDU Session Container
            byte[] src = Arrays.copyOfRange(p.getData(), innerAt + 12, innerAt + 16);
            byte[] dst = Arrays.copyOfRange(p.getData(), innerAt + 16, innerAt + 20);
            int i = teid - gnbTeid(0);
            if (qfi == QFI && InetAddress.getByAddress(src).getHostAddress().equals(DN)
                    && InetAddress.getByAddress(dst).getHostAddress().equals(ue(i))) {
                perTeid.merge(teid, 1, Integer::sum);
            }
        }
    }
}
