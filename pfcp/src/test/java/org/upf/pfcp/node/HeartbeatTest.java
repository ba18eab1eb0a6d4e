package org.upf.pfcp.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.message.HeartbeatRequest;
import org.upf.pfcp.message.HeartbeatResponse;

/** TS 29.244 §6.2.2 heartbeats and peer restart detection over real sockets. */
class HeartbeatTest {

    /** Collects events; {@link #next} waits (bounded) for the next one of a kind. */
    private static final class Events implements PeerEventListener {
        final BlockingQueue<PeerEvent> queue = new LinkedBlockingQueue<>();

        @Override
        public void onPeerEvent(PeerEvent event) {
            queue.add(event);
        }

        <T extends PeerEvent> T next(Class<T> kind) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                PeerEvent e = queue.poll(left, TimeUnit.NANOSECONDS);
                if (kind.isInstance(e)) {
                    return kind.cast(e);
                }
            }
            throw new AssertionError("no " + kind.getSimpleName() + " event within 10 s; left: " + queue);
        }

        long count(Class<? extends PeerEvent> kind) {
            return queue.stream().filter(kind::isInstance).count();
        }
    }

    @Test
    void heartbeatRequestIsAnsweredWithOurRecoveryTimeStampAndAPeerRestartIsReported() throws Exception {
        Events events = new Events();
        try (RawPeer smf = new RawPeer(NodeFixture.V4);
             PfcpNode upf = PfcpNode.start(NodeFixture.config(NodeFixture.V4), new PfcpRequestRouter(), events)) {
            smf.send(HeartbeatRequest.of(1, 1000), upf.localAddress());
            PfcpMessage r = smf.receive().message();
            assertThat(r).isInstanceOf(HeartbeatResponse.class);
            assertThat(r.sequence()).isEqualTo(1);
            // §8.2.65: NTP seconds; 2026-11-21T06:00:00Z is 1795240800 Unix seconds (date -d ... +%s).
            assertThat(r.recoveryTimeStamp()).isEqualTo(1_795_240_800L + 2_208_988_800L);
            assertThat(upf.peerRecoveryTimeStamp(NodeFixture.V4)).hasValue(1000);

            smf.send(HeartbeatRequest.of(2, 1000), upf.localAddress());
            smf.receive();
            smf.send(HeartbeatRequest.of(3, 2000), upf.localAddress());
            smf.receive();
            assertThat(events.next(PeerEvent.Restarted.class))
                    .isEqualTo(new PeerEvent.Restarted(NodeFixture.V4, 1000, 2000));
            assertThat(events.count(PeerEvent.Restarted.class)).isZero();
        }
    }

    /** A node on the IPv6 wildcard serves IPv4 peers too and knows them by their IPv4 address. */
    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void dualStackWildcardSeesIpv4PeersAsIpv4(boolean nativeTransport) throws Exception {
        PfcpNodeConfig cfg = NodeFixture.config(NodeFixture.V4).withNativeTransport(nativeTransport)
                .withBindAddress(new InetSocketAddress(java.net.InetAddress.getByName("::"), 0));
        try (PfcpNode node = PfcpNode.start(cfg, new PfcpRequestRouter(), PeerEventListener.NONE);
             RawPeer v4 = new RawPeer(NodeFixture.V4); RawPeer v6 = new RawPeer(NodeFixture.v6())) {
            int port = node.localAddress().getPort();
            v4.send(HeartbeatRequest.of(1, 111), new InetSocketAddress(NodeFixture.V4, port));
            assertThat(v4.receive().message().sequence()).isEqualTo(1);
            v6.send(HeartbeatRequest.of(2, 222), new InetSocketAddress(NodeFixture.v6(), port));
            assertThat(v6.receive().message().sequence()).isEqualTo(2);
            assertThat(node.peerRecoveryTimeStamp(NodeFixture.V4)).hasValue(111);
            assertThat(node.peerRecoveryTimeStamp(NodeFixture.v6())).hasValue(222);
        }
    }

    @Test
    void monitoredPeerRestartIsDetectedFromItsHeartbeatResponses() throws Exception {
        Events events = new Events();
        PfcpNodeConfig cfg = NodeFixture.config(NodeFixture.V4);
        try (PfcpNode smf = PfcpNode.start(cfg, new PfcpRequestRouter(), events)) {
            InetSocketAddress upfAddress;
            try (PfcpNode upf = PfcpNode.start(cfg, new PfcpRequestRouter(), PeerEventListener.NONE)) {
                upfAddress = upf.localAddress();
                smf.monitor(upfAddress);
                awaitKnown(smf, cfg.recoveryTimeStampNtp());
            }
            Instant reboot = NodeFixture.BOOT.plusSeconds(60);
            try (PfcpNode upf = PfcpNode.start(cfg.withBindAddress(upfAddress).withRecoveryTimeStamp(reboot),
                    new PfcpRequestRouter(), PeerEventListener.NONE)) {
                PeerEvent.Restarted restarted = events.next(PeerEvent.Restarted.class);
                assertThat(restarted.peer()).isEqualTo(upfAddress.getAddress());
                assertThat(restarted.oldRecoveryTimeStamp()).isEqualTo(cfg.recoveryTimeStampNtp());
                assertThat(restarted.newRecoveryTimeStamp()).isEqualTo(cfg.recoveryTimeStampNtp() + 60);
                assertThat(upf.counters().get(PfcpCounters.Event.RECEIVED, PfcpMessageType.HEARTBEAT_REQUEST))
                        .isPositive();
            }
        }
    }

    @Test
    void silentPeerBecomesUnreachableOnceAndReachableWhenItAnswers() throws Exception {
        Events events = new Events();
        PfcpNodeConfig cfg = NodeFixture.config(NodeFixture.V4).withRetransmission(Duration.ofMillis(20), 2)
                .withHeartbeatInterval(Duration.ofMillis(30));
        try (RawPeer peer = new RawPeer(NodeFixture.V4);
             PfcpNode node = PfcpNode.start(cfg, new PfcpRequestRouter(), events)) {
            node.monitor(peer.address());
            assertThat(events.next(PeerEvent.Unreachable.class).peer()).isEqualTo(NodeFixture.V4);
            // Further unanswered heartbeats (N1 + 1 copies each) do not repeat the event.
            for (int i = 0; i < 3 * (2 + 1); i++) {
                peer.receive();
            }
            assertThat(events.count(PeerEvent.Unreachable.class)).isZero();

            // The peer answers from now on (bounded: at most 50 answers).
            for (int i = 0; i < 50 && events.queue.isEmpty(); i++) {
                RawPeer.Received hb = peer.receive();
                peer.send(hb.message().responseBuilder().recoveryTimeStamp(1).build(), hb.from());
            }
            assertThat(events.next(PeerEvent.Reachable.class).peer()).isEqualTo(NodeFixture.V4);
            node.unmonitor(peer.address());
        }
    }

    private static void awaitKnown(PfcpNode node, long stamp) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (node.peerRecoveryTimeStamp(NodeFixture.V4).orElse(-1) != stamp && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(node.peerRecoveryTimeStamp(NodeFixture.V4)).hasValue(stamp);
    }
}
