package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.upf.bpf.packet.Packet;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.IeType;

/**
 * One session on an {@link AgentTestbed} and real traffic through it, for the operator-tool tests: the SMF side
 * (association + Requests.basicSession for UE) over loopback UDP and PACKETS echo round trips gNB -> UPF -> DN -> UPF
 * -> gNB.
 */
final class TrafficSession {
    static final String UE = "198.19.200.7";
    static final int GNB_TEID = 0x2001; // Requests.farToGnb in basicSession
    static final int PACKETS = 6;
    /** Inner IPv4 (20) + UDP (8) + payload (4). */
    static final int INNER = 32;

    final long seid;
    final int teid;

    private TrafficSession(long seid, int teid) {
        this.seid = seid;
        this.teid = teid;
    }

    /** Associates, establishes the session (CP SEID 0x71) and checks PACKETS echo replies reach the gNB. */
    static TrafficSession establishWithTraffic(AgentTestbed bed) throws Exception {
        DatagramSocket smf = bed.n4Peer("127.0.0.1");
        smf.setSoTimeout(3000);
        exchange(bed, smf, Requests.associationSetup());
        PfcpMessage est = exchange(bed, smf, Requests.establishment(0x71, Requests.basicSession(UE)));
        TrafficSession s = new TrafficSession(est.fSeid().seid(),
                (int) est.findAll(IeType.CREATED_PDR, CreatedPdr.class).get(0).localFTeid().teid());
        assertThat(roundTrips(bed, s.teid)).as("echo replies at the gNB").isEqualTo(PACKETS);
        return s;
    }

    static PfcpMessage exchange(AgentTestbed bed, DatagramSocket s, PfcpMessage req) throws Exception {
        byte[] b = PfcpCodec.encode(req);
        s.send(new DatagramPacket(b, b.length, bed.agent.n4Address()));
        DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
        s.receive(p);
        PfcpMessage r = PfcpCodec.decode(Arrays.copyOf(p.getData(), p.getLength()));
        assertThat(r.cause().code()).as(r.type().displayName()).isEqualTo(1);
        return r;
    }

    /**
     * PACKETS uplink G-PDUs (QFI 9, UE -> DN echo port) on the local TEID; the data network echoes them and the
     * replies come back to the gNB in TEID 0x2001. Returns the replies; bounded by count and 1 s timeouts.
     */
    static int roundTrips(AgentTestbed bed, int teid) throws Exception {
        return roundTrips(bed, teid, UE);
    }

    /** {@link #roundTrips(AgentTestbed, int)} from the UE address ue. */
    static int roundTrips(AgentTestbed bed, int teid, String ue) throws Exception {
        InetSocketAddress upfN3 = new InetSocketAddress(AgentTestbed.UPF_N3, 2152);
        for (int k = 0; k < PACKETS; k++) {
            byte[] gpdu = Packet.builder().gtpu(teid & 0xffffffffL).pduSessionContainerUl(9)
                    .ipv4(ue, AgentTestbed.DN).udp(30000 + k, AgentTestbed.ECHO_PORT).payload(("pk" + k + "!").getBytes())
                    .build();
            bed.gnbSocket.send(new DatagramPacket(gpdu, gpdu.length, upfN3));
        }
        byte[] buf = new byte[2048];
        bed.echo.setSoTimeout(1000);
        for (int k = 0; k < PACKETS; k++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                bed.echo.receive(p);
            } catch (SocketTimeoutException none) {
                break;
            }
            bed.echo.send(new DatagramPacket(Arrays.copyOf(p.getData(), p.getLength()), p.getLength(),
                    p.getSocketAddress()));
        }
        bed.gnbSocket.setSoTimeout(1000);
        int replies = 0;
        for (int k = 0; k < PACKETS; k++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                bed.gnbSocket.receive(p);
            } catch (SocketTimeoutException none) {
                break;
            }
            if (ByteBuffer.wrap(p.getData(), 0, p.getLength()).getInt(4) == GNB_TEID) {
                replies++;
            }
        }
        return replies;
    }
}
