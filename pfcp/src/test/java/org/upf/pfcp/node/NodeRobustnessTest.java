package org.upf.pfcp.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpDecoder;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.conformance.ConformanceCaptures;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.message.HeartbeatRequest;

/**
 * Real SMF traffic from the conformance captures, and seeded mutations of it, thrown at a node over a socket.
 * After each datagram a Heartbeat Request probe is sent; the node handles datagrams in order, so whatever
 * arrives before the probe's answer is the node's answer to that datagram.
 */
class NodeRobustnessTest {
    private static final int PROBE_BASE = 0xF00000;
    private static final int MUTATIONS = 1500;

    private int probes;

    /** The node's answers to one datagram (bounded: the probe's answer must come within the receive timeout). */
    private List<PfcpMessage> answersTo(byte[] datagram, RawPeer peer, PfcpNode node) {
        peer.send(datagram, node.localAddress());
        int probe = PROBE_BASE + probes++;
        peer.send(HeartbeatRequest.of(probe, 1), node.localAddress());
        List<PfcpMessage> answers = new ArrayList<>();
        while (true) {
            // Everything the node sends must decode strictly: it never emits a malformed message.
            PfcpMessage m = peer.receive().message();
            if (m.type() == PfcpMessageType.HEARTBEAT_RESPONSE && m.sequence() == probe) {
                return answers;
            }
            answers.add(m);
        }
    }

    private static PfcpNode start() {
        return PfcpNode.start(NodeFixture.config(NodeFixture.V4).withNodeId(NodeId.fqdn("upf.test")),
                new PfcpRequestRouter(), PeerEventListener.NONE);
    }

    @Test
    void everyCapturedRequestIsAnsweredWithItsResponseType() {
        List<byte[]> payloads = ConformanceCaptures.allPayloads();
        int requests = 0;
        try (RawPeer smf = new RawPeer(NodeFixture.V4); PfcpNode upf = start()) {
            for (byte[] datagram : payloads) {
                List<PfcpMessage> sent = PfcpDecoder.strict().decodeAll(Unpooled.wrappedBuffer(datagram));
                List<PfcpMessage> expected = sent.stream().filter(m -> m.type().isRequest()).toList();
                List<PfcpMessage> answers = answersTo(datagram, smf, upf);
                assertThat(answers).hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(answers.get(i).type()).isEqualTo(expected.get(i).type().responseType());
                    assertThat(answers.get(i).sequence()).isEqualTo(expected.get(i).sequence());
                }
                requests += expected.size();
            }
            assertThat(requests).isGreaterThan(200);
            assertThat(upf.counters().dropped(PfcpDropReason.CODEC_ERROR)).isZero();
        }
    }

    @Test
    void mutatedTrafficNeverBreaksTheNode() {
        List<byte[]> seeds = ConformanceCaptures.allPayloads();
        Random random = new Random(20261121);
        int answered = 0;
        try (RawPeer smf = new RawPeer(NodeFixture.V4); PfcpNode upf = start()) {
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] d = mutate(seeds.get(random.nextInt(seeds.size())), random);
                for (PfcpMessage answer : answersTo(d, smf, upf)) {
                    assertThat(answer.type().isResponse()).as(answer.toString()).isTrue();
                    assertThat(PfcpCodec.encode(answer)).isNotEmpty();
                    answered++;
                }
            }
            assertThat(answered).isPositive();
            assertThat(upf.counters().dropped(PfcpDropReason.CODEC_ERROR)).isZero();
            // The mutations reach the rejection path (§7.6), not only the drops.
            assertThat(upf.counters().get(PfcpCounters.Event.REJECTED_MALFORMED,
                    PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST)).isPositive();
        }
    }

    /** Flips bits, truncates, overwrites an octet after the first 4, or appends random octets. */
    private static byte[] mutate(byte[] seed, Random r) {
        byte[] d = seed.clone();
        switch (r.nextInt(4)) {
            case 0 -> {
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    d[r.nextInt(d.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> d = Arrays.copyOf(d, r.nextInt(d.length + 1));
            case 2 -> {
                int at = 4 + r.nextInt(Math.max(1, d.length - 4));
                if (at < d.length) {
                    d[at] = (byte) r.nextInt(256);
                }
            }
            default -> {
                int old = d.length;
                d = Arrays.copyOf(d, old + 1 + r.nextInt(16));
                for (int k = old; k < d.length; k++) {
                    d[k] = (byte) r.nextInt(256);
                }
            }
        }
        return d;
    }
}
