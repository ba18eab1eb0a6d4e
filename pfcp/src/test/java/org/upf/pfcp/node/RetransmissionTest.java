package org.upf.pfcp.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.node.PfcpCounters.Event;
import org.upf.pfcp.node.PfcpTransactionException.Reason;

/** TS 29.244 §6.4 on the sending side, against a raw UDP peer that drops, answers late or never answers. */
class RetransmissionTest {
    private static final int N1 = 3;
    private static final PfcpMessage REQUEST = PfcpMessage.builder(PfcpMessageType.ASSOCIATION_UPDATE_REQUEST)
            .nodeId(NodeId.fqdn("upf.test")).build();

    /** Short T1 for the tests that only count datagrams. */
    private static final Duration T1 = Duration.ofMillis(40);
    /**
     * T1 for the test that must answer before the node gives up: after the last retransmission the peer has
     * one T1 to reply, which a loaded machine can miss when T1 is tens of milliseconds.
     */
    private static final Duration PATIENT_T1 = Duration.ofMillis(300);

    private static PfcpNodeConfig config() {
        return config(T1);
    }

    private static PfcpNodeConfig config(Duration t1) {
        return NodeFixture.config(NodeFixture.V4).withRetransmission(t1, N1);
    }

    private static PfcpNode start(PfcpNodeConfig cfg) {
        return PfcpNode.start(cfg, new PfcpRequestRouter(), PeerEventListener.NONE);
    }

    private static PfcpMessage accepted(PfcpMessage request) {
        return request.responseBuilder().nodeId(NodeId.fqdn("smf.test")).cause(PfcpCause.REQUEST_ACCEPTED).build();
    }

    @ParameterizedTest(name = "peer drops the first {0}")
    @ValueSource(ints = {1, 2, N1})
    void retransmitsIdenticallyUntilAnswered(int dropped) throws Exception {
        try (RawPeer peer = new RawPeer(NodeFixture.V4);
             PfcpNode node = start(config(PATIENT_T1))) {
            CompletableFuture<PfcpMessage> future = node.send(REQUEST, peer.address());
            List<byte[]> copies = new ArrayList<>();
            for (int i = 0; i <= dropped; i++) {
                RawPeer.Received r = peer.receive();
                assertThat(r.from()).isEqualTo(node.localAddress());
                copies.add(r.octets());
            }
            // §6.4: a retransmitted message has the same content, header included.
            copies.forEach(c -> assertThat(c).isEqualTo(copies.get(0)));
            PfcpMessage received = PfcpCodec.decode(copies.get(0));
            peer.send(accepted(received), node.localAddress());

            PfcpMessage response = future.get(5, TimeUnit.SECONDS);
            assertThat(response.sequence()).isEqualTo(received.sequence());
            assertThat(response.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            assertThat(node.counters().get(Event.RETRANSMITTED, PfcpMessageType.ASSOCIATION_UPDATE_REQUEST))
                    .isEqualTo(dropped);
            // Retransmission stopped: nothing more arrives within several T1.
            assertThat(peer.receive((int) PATIENT_T1.multipliedBy(3).toMillis())).isNull();
        }
    }

    @Test
    void givesUpAfterN1RetransmissionsWithATypedTimeout() throws Exception {
        try (RawPeer peer = new RawPeer(NodeFixture.V4);
             PfcpNode node = start(config())) {
            CompletableFuture<PfcpMessage> future = node.send(REQUEST, peer.address());

            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> future.get(5, TimeUnit.SECONDS));
            assertThat(e.getCause()).isInstanceOf(PfcpTimeoutException.class);
            PfcpTimeoutException timeout = (PfcpTimeoutException) e.getCause();
            assertThat(timeout.attempts()).isEqualTo(N1 + 1);
            assertThat(timeout.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(timeout.peer()).isEqualTo(peer.address());

            int datagrams = 0;
            while (peer.receive(300) != null) {
                datagrams++;
            }
            assertThat(datagrams).isEqualTo(N1 + 1);
            assertThat(node.counters().get(Event.TIMED_OUT, PfcpMessageType.ASSOCIATION_UPDATE_REQUEST)).isEqualTo(1);
            assertThat(node.counters().get(Event.RETRANSMITTED, PfcpMessageType.ASSOCIATION_UPDATE_REQUEST))
                    .isEqualTo(N1);
        }
    }

    @Test
    void aLateAnswerAfterGivingUpIsCountedAsUnmatched() throws Exception {
        try (RawPeer peer = new RawPeer(NodeFixture.V4);
             PfcpNode node = start(config().withRetransmission(Duration.ofMillis(20), 0))) {
            CompletableFuture<PfcpMessage> future = node.send(REQUEST, peer.address());
            PfcpMessage received = peer.receive().message();
            assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(PfcpTimeoutException.class);
            peer.send(accepted(received), node.localAddress());
            awaitCount(() -> node.counters().dropped(PfcpDropReason.UNMATCHED_RESPONSE), 1);
        }
    }

    @Test
    void versionNotSupportedAndMalformedResponsesEndTheTransaction() throws Exception {
        try (RawPeer peer = new RawPeer(NodeFixture.V4);
             PfcpNode node = start(config().withRetransmission(Duration.ofSeconds(30), 1))) {
            CompletableFuture<PfcpMessage> first = node.send(REQUEST, peer.address());
            int seq = peer.receive().message().sequence();
            peer.send(PfcpMessage.builder(PfcpMessageType.VERSION_NOT_SUPPORTED_RESPONSE).sequence(seq).build(),
                    node.localAddress());
            assertReason(first, Reason.VERSION_NOT_SUPPORTED);

            CompletableFuture<PfcpMessage> second = node.send(REQUEST, peer.address());
            PfcpMessage req = peer.receive().message();
            // Association Update Response without its mandatory Cause (§7.4.4.4): malformed (§7.6.1).
            peer.send(req.responseBuilder().nodeId(NodeId.fqdn("smf.test")).build(), node.localAddress());
            assertReason(second, Reason.MALFORMED_RESPONSE);

            CompletableFuture<PfcpMessage> third = node.send(REQUEST, peer.address());
            int seq3 = peer.receive().message().sequence();
            peer.send(PfcpMessage.builder(PfcpMessageType.HEARTBEAT_RESPONSE).sequence(seq3).recoveryTimeStamp(5)
                    .build(), node.localAddress());
            assertReason(third, Reason.UNEXPECTED_RESPONSE);
        }
    }

    private static void assertReason(CompletableFuture<PfcpMessage> f, Reason reason) {
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(PfcpTransactionException.class)
                .extracting(c -> ((PfcpTransactionException) c).reason()).isEqualTo(reason);
    }

    /** Waits (bounded) until a counter reaches a value. */
    static void awaitCount(java.util.function.LongSupplier counter, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counter.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(counter.getAsLong()).isEqualTo(expected);
    }
}
