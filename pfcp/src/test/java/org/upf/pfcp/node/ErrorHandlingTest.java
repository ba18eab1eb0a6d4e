package org.upf.pfcp.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.Hex;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.message.HeartbeatRequest;
import org.upf.pfcp.node.PfcpCounters.Direction;
import org.upf.pfcp.node.PfcpCounters.Event;

/**
 * TS 29.244 §7.6 over a real socket: what the node answers to broken input, and that it drops (and counts)
 * what the spec says to discard. "No answer" is proven by sending a Heartbeat Request afterwards: the node
 * handles datagrams in order, so the heartbeat's answer must be the next datagram.
 */
class ErrorHandlingTest {
    private static final NodeId UPF = NodeId.fqdn("upf.test");
    private static final long PEER_SEID = 0x1122334455667788L;

    /** Knows the peer's SEID of session 42, as the agent's session table would. */
    private static final PfcpRequestHandler HANDLER = new PfcpRequestHandler() {
        @Override
        public CompletionStage<PfcpMessage> handle(PfcpMessage request, InetSocketAddress peer) {
            return CompletableFuture.completedFuture(request.responseBuilder().cause(PfcpCause.REQUEST_ACCEPTED)
                    .build());
        }

        @Override
        public long peerSeidFor(PfcpHeader requestHeader, InetSocketAddress peer) {
            return requestHeader.seid() == 42 ? PEER_SEID : 0;
        }
    };

    private static PfcpNode start(PfcpNodeConfig cfg) {
        return PfcpNode.start(cfg.withNodeId(UPF), HANDLER, PeerEventListener.NONE);
    }

    private static void assertNoAnswer(RawPeer peer, PfcpNode node) {
        peer.send(HeartbeatRequest.of(0xABCDEF, 1), node.localAddress());
        PfcpMessage next = peer.receive().message();
        assertThat(next.type()).isEqualTo(PfcpMessageType.HEARTBEAT_RESPONSE);
        assertThat(next.sequence()).isEqualTo(0xABCDEF);
    }

    @Test
    void otherVersionGetsVersionNotSupportedResponse() {
        try (RawPeer peer = new RawPeer(NodeFixture.V4); PfcpNode node = start(NodeFixture.config(NodeFixture.V4))) {
            byte[] v2 = PfcpCodec.encode(HeartbeatRequest.of(0x010203, 7));
            v2[0] = (byte) (2 << 5 | (v2[0] & 0x1F));
            peer.send(v2, node.localAddress());

            // §7.4.4.7: version 1 header, type 11, Message Length 4, same sequence number, no IEs.
            assertThat(Hex.of(peer.receive().octets())).isEqualTo("200b0004" + "01020300");
            assertThat(node.counters().get(Event.SENT, PfcpMessageType.VERSION_NOT_SUPPORTED_RESPONSE)).isEqualTo(1);

            byte[] v3vns = Hex.parse("600b0004" + "01020300");
            peer.send(v3vns, node.localAddress());
            assertNoAnswer(peer, node);
            assertThat(node.counters().dropped(PfcpDropReason.UNSUPPORTED_VERSION)).isEqualTo(1);
        }
    }

    @Test
    void missingMandatoryIeIsRejectedWithCauseAndOffendingIe() {
        try (RawPeer peer = new RawPeer(NodeFixture.V4); PfcpNode node = start(NodeFixture.config(NodeFixture.V4))) {
            // Association Setup Request without its mandatory Recovery Time Stamp (§7.4.4.1).
            peer.send(PfcpMessage.builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST).sequence(300)
                    .nodeId(NodeId.fqdn("smf.test")).build(), node.localAddress());
            PfcpMessage r = peer.receive().message();
            assertThat(r.type()).isEqualTo(PfcpMessageType.ASSOCIATION_SETUP_RESPONSE);
            assertThat(r.sequence()).isEqualTo(300);
            assertThat(r.cause()).isEqualTo(PfcpCause.MANDATORY_IE_MISSING);
            assertThat(r.offendingIe()).isEqualTo(IeType.RECOVERY_TIME_STAMP.code());
            assertThat(r.nodeId().text()).isEqualTo("upf.test");
            assertThat(r.recoveryTimeStamp()).isEqualTo(node.config().recoveryTimeStampNtp());
            assertThat(node.counters().get(Event.REJECTED_MALFORMED, PfcpMessageType.ASSOCIATION_SETUP_REQUEST))
                    .isEqualTo(1);
            assertThat(node.counters().causes(Direction.SENT, PfcpMessageType.ASSOCIATION_SETUP_RESPONSE,
                    PfcpCause.MANDATORY_IE_MISSING)).isEqualTo(1);
        }
    }

    @Test
    void ieRunningPastTheMessageIsRejectedWithInvalidLengthAndThePeersSeid() {
        try (RawPeer peer = new RawPeer(NodeFixture.V4); PfcpNode node = start(NodeFixture.config(NodeFixture.V4))) {
            // Session Establishment Request, SEID 42, seq 0x000102, priority 3; Node ID claims 50 octets, has 5.
            byte[] bad = Hex.parse("2332" + "0015" + "000000000000002a" + "000102" + "30"
                    + "003c" + "0032" + "00c0000201");
            peer.send(bad, node.localAddress());
            PfcpMessage r = peer.receive().message();
            assertThat(r.type()).isEqualTo(PfcpMessageType.SESSION_ESTABLISHMENT_RESPONSE);
            assertThat(r.sequence()).isEqualTo(0x000102);
            assertThat(r.header().priority()).isEqualTo(3);
            assertThat(r.seid()).isEqualTo(PEER_SEID);
            assertThat(r.cause()).isEqualTo(PfcpCause.INVALID_LENGTH);
            assertThat(r.offendingIe()).isEqualTo(IeType.NODE_ID.code());
        }
    }

    @Test
    void discardedInputIsCountedByReason() {
        try (RawPeer peer = new RawPeer(NodeFixture.V4); PfcpNode node = start(NodeFixture.config(NodeFixture.V4))) {
            peer.send(Hex.parse("2001"), node.localAddress());                   // shorter than a header
            peer.send(Hex.parse("20630004" + "00000100"), node.localAddress());  // message type 99 (§7.6.4)
            peer.send(Hex.parse("20360004" + "00000200"), node.localAddress());  // session message, S=0
            peer.send(Hex.parse("20010004" + "00000300"), node.localAddress());  // Heartbeat without RTS
            peer.send(Hex.parse("20020004" + "00000400"), node.localAddress());  // response nobody asked for
            assertNoAnswer(peer, node);

            PfcpCounters c = node.counters();
            assertThat(c.dropped(PfcpDropReason.INVALID_LENGTH)).isEqualTo(1);
            assertThat(c.dropped(PfcpDropReason.UNKNOWN_MESSAGE_TYPE)).isEqualTo(1);
            assertThat(c.dropped(PfcpDropReason.INVALID_HEADER)).isEqualTo(1);
            assertThat(c.dropped(PfcpDropReason.MALFORMED_REQUEST)).isEqualTo(1);
            assertThat(c.dropped(PfcpDropReason.UNMATCHED_RESPONSE)).isEqualTo(1);
        }
    }

    @Test
    void oversizeDatagramsAreDroppedAndCounted() {
        PfcpNodeConfig cfg = NodeFixture.config(NodeFixture.V4).withMaxMessageSize(100);
        try (RawPeer peer = new RawPeer(NodeFixture.V4); PfcpNode node = start(cfg)) {
            byte[] hb = PfcpCodec.encode(HeartbeatRequest.of(1, 1));
            byte[] padded = Arrays.copyOf(hb, 101);  // trailing octets beyond Message Length
            peer.send(padded, node.localAddress());
            byte[] large = Arrays.copyOf(hb, 9000);
            peer.send(large, node.localAddress());
            peer.send(Arrays.copyOf(hb, 100), node.localAddress());  // at the limit: accepted
            PfcpMessage r = peer.receive().message();
            assertThat(r.type()).isEqualTo(PfcpMessageType.HEARTBEAT_RESPONSE);
            assertThat(r.sequence()).isEqualTo(1);
            assertThat(node.counters().dropped(PfcpDropReason.OVERSIZE)).isEqualTo(2);
        }
    }
}
