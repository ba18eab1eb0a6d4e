package org.upf.pfcp.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.message.HeartbeatRequest;
import org.upf.pfcp.node.PfcpCounters.Event;

/** TS 29.244 §6.4 on the receiving side: a retransmitted request never runs the handler twice. */
class DuplicateRequestTest {

    private static PfcpMessage deletion(int sequence, long seid) {
        return PfcpMessage.builder(PfcpMessageType.SESSION_DELETION_REQUEST).seid(seid).sequence(sequence).build();
    }

    /** Answers Session Deletion Requests with the invocation number as SEID, so answers tell runs apart. */
    private static final class CountingHandler implements PfcpRequestHandler {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<CompletableFuture<Void>> gate =
                new AtomicReference<>(CompletableFuture.completedFuture(null));

        @Override
        public CompletableFuture<PfcpMessage> handle(PfcpMessage request, java.net.InetSocketAddress peer) {
            int n = calls.incrementAndGet();
            return gate.get().thenApply(v -> request.responseBuilder().seid(n).cause(PfcpCause.REQUEST_ACCEPTED)
                    .build());
        }
    }

    private static PfcpNode start(PfcpRequestHandler handler) {
        return PfcpNode.start(NodeFixture.config(NodeFixture.V4), handler, PeerEventListener.NONE);
    }

    @Test
    void retransmittedRequestIsAnsweredFromTheCacheExactlyOnce() {
        CountingHandler handler = new CountingHandler();
        try (RawPeer smf = new RawPeer(NodeFixture.V4);
             PfcpNode upf = start(handler)) {
            smf.send(deletion(77, 5), upf.localAddress());
            byte[] first = smf.receive().octets();
            smf.send(deletion(77, 5), upf.localAddress());
            smf.send(deletion(77, 5), upf.localAddress());
            byte[] second = smf.receive().octets();
            byte[] third = smf.receive().octets();

            assertThat(second).isEqualTo(first);
            assertThat(third).isEqualTo(first);
            assertThat(handler.calls).hasValue(1);
            assertThat(upf.counters().get(Event.DUPLICATE_ANSWERED, PfcpMessageType.SESSION_DELETION_REQUEST))
                    .isEqualTo(2);

            // A new sequence number is a new request; the same number from another port is another peer's.
            smf.send(deletion(78, 5), upf.localAddress());
            assertThat(smf.receive().message().seid()).isEqualTo(2);
            try (RawPeer other = new RawPeer(NodeFixture.V4)) {
                other.send(deletion(77, 5), upf.localAddress());
                assertThat(other.receive().message().seid()).isEqualTo(3);
            }
            assertThat(handler.calls).hasValue(3);
        }
    }

    @Test
    void duplicateArrivingWhileTheHandlerRunsIsAbsorbed() throws Exception {
        CountingHandler handler = new CountingHandler();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        handler.gate.set(gate);
        try (RawPeer smf = new RawPeer(NodeFixture.V4);
             PfcpNode upf = start(handler)) {
            smf.send(deletion(9, 1), upf.localAddress());
            smf.send(deletion(9, 1), upf.localAddress());
            RetransmissionTest.awaitCount(() -> upf.counters().dropped(PfcpDropReason.DUPLICATE_IN_PROGRESS), 1);
            gate.complete(null);

            PfcpMessage answer = smf.receive().message();
            assertThat(answer.sequence()).isEqualTo(9);
            assertThat(answer.seid()).isEqualTo(1);
            // Exactly one answer: a heartbeat sent after it is answered next, with nothing in between.
            smf.send(HeartbeatRequest.of(10, 1), upf.localAddress());
            assertThat(smf.receive().message().type()).isEqualTo(PfcpMessageType.HEARTBEAT_RESPONSE);
            assertThat(handler.calls).hasValue(1);
        }
    }

    @Test
    void sameSequenceWithAnotherTypeIsANewRequest() {
        CountingHandler handler = new CountingHandler();
        try (RawPeer smf = new RawPeer(NodeFixture.V4);
             PfcpNode upf = start(handler)) {
            smf.send(deletion(5, 1), upf.localAddress());
            assertThat(smf.receive().message().type()).isEqualTo(PfcpMessageType.SESSION_DELETION_RESPONSE);
            smf.send(HeartbeatRequest.of(5, 1), upf.localAddress());
            assertThat(smf.receive().message().type()).isEqualTo(PfcpMessageType.HEARTBEAT_RESPONSE);
        }
    }

    @Test
    void sameSequenceWithOtherContentIsANewRequest() {
        CountingHandler handler = new CountingHandler();
        try (RawPeer smf = new RawPeer(NodeFixture.V4); PfcpNode upf = start(handler)) {
            smf.send(deletion(5, 1), upf.localAddress());
            assertThat(smf.receive().message().seid()).isEqualTo(1);
            // §6.4: a retransmission is identical; another SEID under the same number is another request.
            smf.send(deletion(5, 2), upf.localAddress());
            assertThat(smf.receive().message().seid()).isEqualTo(2);
            assertThat(handler.calls).hasValue(2);
        }
    }

    /** A peer that restarted may start its sequence numbers over: its old requests are forgotten. */
    @Test
    void requestsOfARestartedPeerAreForgotten() {
        CountingHandler handler = new CountingHandler();
        try (RawPeer smf = new RawPeer(NodeFixture.V4); PfcpNode upf = start(handler)) {
            smf.send(HeartbeatRequest.of(1, 100), upf.localAddress());
            smf.receive();
            smf.send(deletion(2, 1), upf.localAddress());
            assertThat(smf.receive().message().seid()).isEqualTo(1);
            smf.send(HeartbeatRequest.of(1, 200), upf.localAddress());  // restarted: new Recovery Time Stamp
            smf.receive();
            smf.send(deletion(2, 1), upf.localAddress());               // same octets as before the restart
            assertThat(smf.receive().message().seid()).isEqualTo(2);
            assertThat(handler.calls).hasValue(2);
        }
    }

    @Test
    void cacheIsBoundedInTimeAndSize() throws Exception {
        CountingHandler handler = new CountingHandler();
        PfcpNodeConfig cfg = NodeFixture.config(NodeFixture.V4).withResponseCache(Duration.ofMillis(100), 2);
        try (RawPeer smf = new RawPeer(NodeFixture.V4);
             PfcpNode upf = PfcpNode.start(cfg, handler, PeerEventListener.NONE)) {
            // Time: after the TTL the same request runs the handler again.
            smf.send(deletion(1, 1), upf.localAddress());
            assertThat(smf.receive().message().seid()).isEqualTo(1);
            Thread.sleep(300);
            smf.send(deletion(1, 1), upf.localAddress());
            assertThat(smf.receive().message().seid()).isEqualTo(2);

            // Size: with room for 2, the oldest of 3 answered requests is forgotten.
            PfcpNodeConfig big = cfg.withResponseCache(Duration.ofMinutes(1), 2);
            try (PfcpNode upf2 = PfcpNode.start(big, handler, PeerEventListener.NONE)) {
                for (int seq = 10; seq < 13; seq++) {
                    smf.send(deletion(seq, 1), upf2.localAddress());
                    smf.receive();
                }
                int before = handler.calls.get();
                smf.send(deletion(12, 1), upf2.localAddress());
                smf.receive();
                assertThat(handler.calls).hasValue(before);
                smf.send(deletion(10, 1), upf2.localAddress());
                smf.receive();
                assertThat(handler.calls).hasValue(before + 1);
            }
        }
    }

    @Test
    void expiredEntriesAreSweptAway() throws Exception {
        ResponseCache cache = new ResponseCache(1_000, 10);
        PeerSequence key = new PeerSequence(new java.net.InetSocketAddress(NodeFixture.V4, 1), 1);
        assertThat(cache.lookupOrBegin(key, PfcpMessageType.HEARTBEAT_REQUEST, 7, 0)).isNull();
        cache.expire(10_000);
        assertThat(cache.size()).as("in-progress entries are kept").isEqualTo(1);
        cache.complete(key, new byte[] {0x20, 2, 0, 0}, null, 10_000);
        assertThat(cache.lookupOrBegin(key, PfcpMessageType.HEARTBEAT_REQUEST, 7, 10_500)).isNotNull();
        cache.expire(11_000);
        assertThat(cache.size()).isZero();
    }
}
