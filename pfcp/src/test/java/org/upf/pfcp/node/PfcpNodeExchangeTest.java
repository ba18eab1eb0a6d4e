package org.upf.pfcp.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.node.PfcpCounters.Direction;
import org.upf.pfcp.node.PfcpCounters.Event;
import org.upf.pfcp.testing.PfcpExamples;

/** Two nodes talking over real UDP sockets on loopback (IPv4 and IPv6, epoll and NIO). */
class PfcpNodeExchangeTest {
    private static final NodeId UPF = NodeId.fqdn("upf.test");
    private static final NodeId SMF = NodeId.fqdn("smf.test");

    static Object[][] transports() {
        return new Object[][] {{NodeFixture.V4, true}, {NodeFixture.v6(), true}, {NodeFixture.V4, false}};
    }

    @ParameterizedTest(name = "{0} native={1}")
    @MethodSource("transports")
    void associationSetupIsAnsweredByTheHandler(InetAddress address, boolean nativeTransport) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PfcpRequestRouter upfHandlers = new PfcpRequestRouter().on(PfcpMessageType.ASSOCIATION_SETUP_REQUEST,
                (req, peer) -> {
                    calls.incrementAndGet();
                    return CompletableFuture.completedFuture(req.responseBuilder().nodeId(UPF)
                            .cause(PfcpCause.REQUEST_ACCEPTED).recoveryTimeStamp(1234).build());
                });
        PfcpNodeConfig cfg = NodeFixture.config(address).withNativeTransport(nativeTransport);
        try (PfcpNode upf = PfcpNode.start(cfg, upfHandlers, PeerEventListener.NONE);
             PfcpNode smf = PfcpNode.start(cfg, new PfcpRequestRouter(), PeerEventListener.NONE)) {
            assertThat(upf.transport()).isEqualTo(nativeTransport ? "EPOLL" : "NIO");
            assertThat(upf.localAddress().getAddress()).isEqualTo(address);
            PfcpMessage request = PfcpMessage.builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST).nodeId(SMF)
                    .recoveryTimeStamp(99).build();

            PfcpMessage response = smf.send(request, upf.localAddress()).get(5, TimeUnit.SECONDS);

            assertThat(response.type()).isEqualTo(PfcpMessageType.ASSOCIATION_SETUP_RESPONSE);
            assertThat(response.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            assertThat(response.nodeId().text()).isEqualTo("upf.test");
            assertThat(calls).hasValue(1);
            assertThat(upf.peerRecoveryTimeStamp(address)).hasValue(99);
            assertThat(smf.peerRecoveryTimeStamp(address)).hasValue(1234);
            assertThat(smf.counters().get(Event.SENT, PfcpMessageType.ASSOCIATION_SETUP_REQUEST)).isEqualTo(1);
            assertThat(smf.counters().causes(Direction.RECEIVED, PfcpMessageType.ASSOCIATION_SETUP_RESPONSE,
                    PfcpCause.REQUEST_ACCEPTED)).isEqualTo(1);
            assertThat(upf.counters().get(Event.RECEIVED, PfcpMessageType.ASSOCIATION_SETUP_REQUEST)).isEqualTo(1);
            assertThat(upf.counters().causes(Direction.SENT, PfcpMessageType.ASSOCIATION_SETUP_RESPONSE,
                    PfcpCause.REQUEST_ACCEPTED)).isEqualTo(1);
        }
    }

    /**
     * Responses of a burst leave only after the handler's readComplete returned (where the agent syncs its journal):
     * a handler that answers at once still has its response held until then.
     */
    @Test
    void responsesOfABurstLeaveAfterReadComplete() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean committed = new java.util.concurrent.atomic.AtomicBoolean();
        PfcpRequestRouter router = new PfcpRequestRouter().on(PfcpMessageType.SESSION_DELETION_REQUEST,
                (req, peer) -> CompletableFuture.completedFuture(req.responseBuilder().seid(req.seid())
                        .cause(PfcpCause.REQUEST_ACCEPTED).build()));
        PfcpRequestHandler handler = new PfcpRequestHandler() {
            @Override
            public java.util.concurrent.CompletionStage<PfcpMessage> handle(PfcpMessage request,
                                                                           java.net.InetSocketAddress peer) {
                committed.set(false);
                return router.handle(request, peer);
            }

            @Override
            public void readComplete() {
                try {
                    Thread.sleep(200); // a slow disk flush
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                committed.set(true);
            }
        };
        try (PfcpNode upf = PfcpNode.start(NodeFixture.config(NodeFixture.V4), handler, PeerEventListener.NONE);
             PfcpNode smf = PfcpNode.start(NodeFixture.config(NodeFixture.V4), new PfcpRequestRouter(),
                     PeerEventListener.NONE)) {
            for (int i = 0; i < 3; i++) {
                CompletableFuture<Boolean> seenAfterCommit = smf.send(PfcpMessage.builder(
                        PfcpMessageType.SESSION_DELETION_REQUEST).seid(i).build(), upf.localAddress())
                        .thenApply(r -> committed.get());
                assertThat(seenAfterCommit.get(5, TimeUnit.SECONDS)).as("response %d after readComplete", i).isTrue();
            }
        }
    }

    /**
     * Requests that wait in the socket while the node is busy are read and handled as one burst (one readComplete,
     * one flush), not one wake-up each: a datagram smaller than the buffer does not end the read.
     */
    @Test
    void requestsWaitingTogetherAreOneBurst() throws Exception {
        AtomicInteger bursts = new AtomicInteger();
        java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
        PfcpRequestRouter router = new PfcpRequestRouter().on(PfcpMessageType.SESSION_DELETION_REQUEST,
                (req, peer) -> {
                    if (req.seid() == 0) {
                        try { // busy with the first request while the others arrive
                            sent.await(5, TimeUnit.SECONDS);
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return CompletableFuture.completedFuture(req.responseBuilder().seid(req.seid())
                            .cause(PfcpCause.REQUEST_ACCEPTED).build());
                });
        PfcpRequestHandler handler = new PfcpRequestHandler() {
            @Override
            public java.util.concurrent.CompletionStage<PfcpMessage> handle(PfcpMessage request,
                                                                           java.net.InetSocketAddress peer) {
                return router.handle(request, peer);
            }

            @Override
            public void readComplete() {
                bursts.incrementAndGet();
            }
        };
        try (PfcpNode upf = PfcpNode.start(NodeFixture.config(NodeFixture.V4), handler, PeerEventListener.NONE);
             RawPeer smf = new RawPeer(NodeFixture.V4)) {
            for (int i = 0; i < 11; i++) {
                smf.send(PfcpMessage.builder(PfcpMessageType.SESSION_DELETION_REQUEST).seid(i).sequence(i + 1).build(),
                        upf.localAddress());
                if (i == 0) {
                    Thread.sleep(100); // the node takes the first one alone
                }
            }
            sent.countDown();
            for (int i = 0; i < 11; i++) {
                assertThat(smf.receive()).isNotNull();
            }
            assertThat(bursts.get()).as("read bursts for 11 requests, 10 of them queued").isBetween(1, 3);
        }
    }

    @Test
    void consecutiveRequestsGetDistinctSequenceNumbersAndSessionResponsesKeepTheirSeid() throws Exception {
        PfcpRequestRouter upfHandlers = new PfcpRequestRouter().on(PfcpMessageType.SESSION_DELETION_REQUEST,
                (req, peer) -> CompletableFuture.supplyAsync(() -> req.responseBuilder().seid(req.seid() + 1000)
                        .cause(PfcpCause.REQUEST_ACCEPTED).build()));
        try (PfcpNode upf = PfcpNode.start(NodeFixture.config(NodeFixture.V4), upfHandlers, PeerEventListener.NONE);
             PfcpNode smf = PfcpNode.start(NodeFixture.config(NodeFixture.V4), new PfcpRequestRouter(),
                     PeerEventListener.NONE)) {
            CompletableFuture<?>[] all = new CompletableFuture<?>[50];
            for (int i = 0; i < all.length; i++) {
                all[i] = smf.send(PfcpMessage.builder(PfcpMessageType.SESSION_DELETION_REQUEST).seid(i).build(),
                        upf.localAddress());
            }
            CompletableFuture.allOf(all).get(10, TimeUnit.SECONDS);
            java.util.Set<Integer> sequences = new java.util.HashSet<>();
            for (int i = 0; i < all.length; i++) {
                PfcpMessage r = (PfcpMessage) all[i].get();
                assertThat(r.seid()).isEqualTo(i + 1000);
                sequences.add(r.sequence());
            }
            assertThat(sequences).hasSize(all.length).doesNotContain(0);
        }
    }

    @Test
    void requestWithoutHandlerIsRejectedAsServiceNotSupported() throws Exception {
        try (PfcpNode upf = PfcpNode.start(NodeFixture.config(NodeFixture.V4), new PfcpRequestRouter(),
                PeerEventListener.NONE);
             PfcpNode smf = PfcpNode.start(NodeFixture.config(NodeFixture.V4), new PfcpRequestRouter(),
                     PeerEventListener.NONE)) {
            PfcpMessage r = smf.send(PfcpMessage.builder(PfcpMessageType.PFD_MANAGEMENT_REQUEST).build(),
                    upf.localAddress()).get(5, TimeUnit.SECONDS);
            assertThat(r.cause()).isEqualTo(PfcpCause.SERVICE_NOT_SUPPORTED);
        }
    }

    /** Every request type the codec has an example of crosses the node and gets its response type back. */
    @Test
    void everyRequestTypeWithoutHandlerGetsItsResponseType() throws Exception {
        try (PfcpNode upf = PfcpNode.start(NodeFixture.config(NodeFixture.V4).withNodeId(UPF),
                new PfcpRequestRouter(), PeerEventListener.NONE);
             PfcpNode smf = PfcpNode.start(NodeFixture.config(NodeFixture.V4), new PfcpRequestRouter(),
                     PeerEventListener.NONE)) {
            int requests = 0;
            for (PfcpMessage example : PfcpExamples.all().values()) {
                if (!example.type().isRequest()) {
                    continue;
                }
                requests++;
                PfcpMessage r = smf.send(example, upf.localAddress()).get(5, TimeUnit.SECONDS);
                assertThat(r.type()).isEqualTo(example.type().responseType());
                if (example.type() == PfcpMessageType.HEARTBEAT_REQUEST) {
                    assertThat(r.recoveryTimeStamp()).isEqualTo(upf.config().recoveryTimeStampNtp());
                    continue;
                }
                assertThat(r.cause()).as(example.type().displayName()).isEqualTo(PfcpCause.SERVICE_NOT_SUPPORTED);
                if (example.type() == PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST) {
                    // §7.2.2.4.2: the response goes to the SEID the SMF chose in its CP F-SEID.
                    assertThat(r.seid()).isEqualTo(example.fSeid().seid());
                }
            }
            assertThat(requests).isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void handlerRejectionBecomesACompleteRejectionResponse() throws Exception {
        PfcpRequestRouter handlers = new PfcpRequestRouter().on(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST,
                (req, peer) -> {
                    throw new PfcpRejectException(PfcpCause.NO_ESTABLISHED_PFCP_ASSOCIATION, "no association");
                });
        try (PfcpNode upf = PfcpNode.start(NodeFixture.config(NodeFixture.V4).withNodeId(UPF), handlers,
                PeerEventListener.NONE);
             PfcpNode smf = PfcpNode.start(NodeFixture.config(NodeFixture.V4), new PfcpRequestRouter(),
                     PeerEventListener.NONE)) {
            PfcpMessage request = PfcpExamples.all().get(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST);
            PfcpMessage r = smf.send(request, upf.localAddress()).get(5, TimeUnit.SECONDS);
            assertThat(r.type()).isEqualTo(PfcpMessageType.SESSION_ESTABLISHMENT_RESPONSE);
            assertThat(r.cause()).isEqualTo(PfcpCause.NO_ESTABLISHED_PFCP_ASSOCIATION);
            assertThat(r.seid()).isEqualTo(request.fSeid().seid());
            assertThat(r.nodeId().text()).isEqualTo("upf.test");
            assertThat(upf.counters().get(Event.HANDLER_FAILED, PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST))
                    .isZero();
        }
    }

    @Test
    void failingOrWrongHandlerAnswersSystemFailure() throws Exception {
        PfcpRequestRouter handlers = new PfcpRequestRouter()
                .on(PfcpMessageType.PFD_MANAGEMENT_REQUEST, (req, peer) -> {
                    throw new IllegalStateException("boom");
                })
                .on(PfcpMessageType.NODE_REPORT_REQUEST, (req, peer) -> CompletableFuture.completedFuture(
                        PfcpMessage.builder(PfcpMessageType.HEARTBEAT_RESPONSE).sequence(req.sequence()).build()));
        try (PfcpNode upf = PfcpNode.start(NodeFixture.config(NodeFixture.V4).withNodeId(UPF), handlers,
                PeerEventListener.NONE);
             PfcpNode smf = PfcpNode.start(NodeFixture.config(NodeFixture.V4), handlers, PeerEventListener.NONE)) {
            PfcpMessage pfd = smf.send(PfcpMessage.builder(PfcpMessageType.PFD_MANAGEMENT_REQUEST).build(),
                    upf.localAddress()).get(5, TimeUnit.SECONDS);
            assertThat(pfd.cause()).isEqualTo(PfcpCause.SYSTEM_FAILURE);
            PfcpMessage report = smf.send(PfcpMessage.builder(PfcpMessageType.NODE_REPORT_REQUEST).nodeId(SMF)
                    .add(org.upf.pfcp.ie.UintIe.of(org.upf.pfcp.ie.IeType.NODE_REPORT_TYPE, 1, 1)).build(),
                    upf.localAddress()).get(5, TimeUnit.SECONDS);
            assertThat(report.type()).isEqualTo(PfcpMessageType.NODE_REPORT_RESPONSE);
            assertThat(report.cause()).isEqualTo(PfcpCause.SYSTEM_FAILURE);
            assertThat(report.nodeId().text()).isEqualTo("upf.test");
            assertThat(upf.counters().get(Event.HANDLER_FAILED, PfcpMessageType.PFD_MANAGEMENT_REQUEST)).isEqualTo(1);
            assertThat(upf.counters().get(Event.HANDLER_FAILED, PfcpMessageType.NODE_REPORT_REQUEST)).isEqualTo(1);
        }
    }

    @Test
    void sendingAResponseTypeIsRefusedAndClosingFailsOutstandingRequests() throws Exception {
        try (RawPeer silent = new RawPeer(NodeFixture.V4)) {
            PfcpNode smf = PfcpNode.start(NodeFixture.config(NodeFixture.V4)
                    .withRetransmission(java.time.Duration.ofSeconds(30), 1), new PfcpRequestRouter(),
                    PeerEventListener.NONE);
            assertThatThrownBy(() -> smf.send(PfcpMessage.builder(PfcpMessageType.HEARTBEAT_RESPONSE).build(),
                    silent.address())).isInstanceOf(IllegalArgumentException.class);
            CompletableFuture<PfcpMessage> pending = smf.send(
                    PfcpMessage.builder(PfcpMessageType.PFD_MANAGEMENT_REQUEST).build(), silent.address());
            silent.receive();
            smf.close();
            smf.close();
            for (CompletableFuture<PfcpMessage> f : List.of(pending, smf.send(
                    PfcpMessage.builder(PfcpMessageType.PFD_MANAGEMENT_REQUEST).build(), silent.address()))) {
                assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(
                        PfcpTransactionException.class).cause().extracting(c -> ((PfcpTransactionException) c).reason())
                        .isEqualTo(PfcpTransactionException.Reason.NODE_CLOSED);
            }
        }
    }

    @Test
    void bindFailureNamesTheAddress() {
        try (PfcpNode first = PfcpNode.start(NodeFixture.config(NodeFixture.V4), new PfcpRequestRouter(),
                PeerEventListener.NONE)) {
            InetSocketAddress taken = first.localAddress();
            assertThatThrownBy(() -> PfcpNode.start(NodeFixture.config(NodeFixture.V4).withBindAddress(taken),
                    new PfcpRequestRouter(), PeerEventListener.NONE))
                    .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining(taken.toString());
        }
    }
}
