package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.upf.bpf.packet.Packet;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;

/**
 * The SMF end of N4 for the report tests: a UDP socket on the UPF namespace's loopback that sends requests, receives
 * the agent's Session Report Requests (skipping retransmissions of those already answered) and keeps every datagram
 * the agent sent for tshark.
 */
final class SmfPeer {
    private final AgentTestbed bed;
    private final DatagramSocket socket;
    /** Every datagram the agent sent. */
    private final List<byte[]> received = new ArrayList<>();
    /** Sequence numbers of requests answered: their retransmissions still in flight are skipped. */
    private final Set<Integer> answered = new HashSet<>();

    /** address: in 127.0.0.0/8, allowed by smf.allowed. */
    SmfPeer(AgentTestbed bed, String address) {
        this.bed = bed;
        this.socket = bed.n4Peer(address);
    }

    /** Sends request and returns the agent's next message. */
    PfcpMessage call(PfcpMessage request) throws Exception {
        byte[] b = PfcpCodec.encode(request);
        socket.send(new DatagramPacket(b, b.length, bed.agent.n4Address()));
        return receive(3000);
    }

    PfcpMessage receive(int timeoutMillis) throws Exception {
        PfcpMessage m = receiveOrNull(timeoutMillis);
        assertThat(m).as("a PFCP message from the agent within " + timeoutMillis + " ms").isNotNull();
        return m;
    }

    PfcpMessage receiveOrNull(int timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] buf = new byte[65535];
        while (true) {
            int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout(left);
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException none) {
                return null;
            }
            byte[] raw = Arrays.copyOf(p.getData(), p.getLength());
            received.add(raw);
            PfcpMessage m = PfcpCodec.decode(raw);
            if (!m.type().isRequest() || !answered.contains(m.sequence())) {
                return m;
            }
        }
    }

    /** The response to an agent's request (e.g. Session Report Response, §7.5.9) with cause. */
    void answer(PfcpMessage request, PfcpCause cause) throws Exception {
        answer(request, request.responseBuilder().seid(request.seid()).cause(cause).build());
    }

    /** Sends response to the agent's request (which is then no longer returned when retransmitted). */
    void answer(PfcpMessage request, PfcpMessage response) throws Exception {
        answered.add(request.sequence());
        byte[] b = PfcpCodec.encode(response);
        socket.send(new DatagramPacket(b, b.length, bed.agent.n4Address()));
    }

    /**
     * The agent restarted: what it sends now are new transactions (its sequence numbers go on after the last ones it
     * reserved, and a usage report left unanswered is sent again as a new request), so none is skipped.
     */
    void agentRestarted() {
        answered.clear();
    }

    /** What the agent sent, as Ethernet/IPv4/UDP 8805 frames for tshark. */
    List<byte[]> frames() {
        List<byte[]> frames = new ArrayList<>();
        for (byte[] pfcp : received) {
            frames.add(Packet.builder().eth("02:00:00:00:00:01", "02:00:00:00:00:02")
                    .ipv4("198.18.0.2", "198.18.0.1").udp(8805, 8805).payload(pfcp).build());
        }
        return frames;
    }
}
