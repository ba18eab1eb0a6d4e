package org.upf.pfcp.node;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.message.HeartbeatRequest;

/**
 * Periodic Heartbeat Requests to monitored peers, TS 29.244 §6.2.2: one request per interval (never two
 * outstanding to the same peer), retransmitted per §6.4; a request given up after N1 retransmissions makes
 * the peer {@link PeerEvent.Unreachable}, a later answer {@link PeerEvent.Reachable} again. Restarts are
 * detected from the responses by {@link PeerRecovery}. Used only on the event-loop thread.
 */
final class HeartbeatMonitor {
    private static final System.Logger LOG = System.getLogger(HeartbeatMonitor.class.getName());

    private static final class Peer {
        ScheduledFuture<?> task;
        boolean inFlight;
        boolean unreachable;
    }

    private final EventLoop loop;
    private final long intervalNanos;
    private final long recoveryTimeStamp;
    private final BiFunction<PfcpMessage, InetSocketAddress, CompletableFuture<PfcpMessage>> send;
    private final PeerEventListener listener;
    private final Map<InetSocketAddress, Peer> peers = new HashMap<>();

    /** @param send sends a request with retransmission ({@link RequestSender}) and yields its response */
    HeartbeatMonitor(EventLoop loop, PfcpNodeConfig config, PeerEventListener listener,
                     BiFunction<PfcpMessage, InetSocketAddress, CompletableFuture<PfcpMessage>> send) {
        this.loop = loop;
        this.intervalNanos = config.heartbeatInterval().toNanos();
        this.recoveryTimeStamp = config.recoveryTimeStampNtp();
        this.listener = listener;
        this.send = send;
    }

    void monitor(InetSocketAddress address) {
        if (peers.containsKey(address)) {
            return;
        }
        Peer p = new Peer();
        peers.put(address, p);
        p.task = loop.scheduleAtFixedRate(() -> beat(address, p), 0, intervalNanos, TimeUnit.NANOSECONDS);
    }

    void unmonitor(InetSocketAddress address) {
        Peer p = peers.remove(address);
        if (p != null) {
            p.task.cancel(false);
        }
    }

    void close() {
        peers.values().forEach(p -> p.task.cancel(false));
        peers.clear();
    }

    private void beat(InetSocketAddress address, Peer p) {
        if (p.inFlight) {
            return;
        }
        p.inFlight = true;
        send.apply(HeartbeatRequest.of(0, recoveryTimeStamp), address).whenComplete((response, error) -> {
            p.inFlight = false;
            if (peers.get(address) != p) {
                return;
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof PfcpTimeoutException) {
                if (!p.unreachable) {
                    p.unreachable = true;
                    LOG.log(Level.WARNING, () -> "PFCP peer " + address + " unreachable: " + cause.getMessage());
                    PeerRecovery.notify(listener, new PeerEvent.Unreachable(address.getAddress()));
                }
            } else if (error == null && p.unreachable) {
                p.unreachable = false;
                PeerRecovery.notify(listener, new PeerEvent.Reachable(address.getAddress()));
            }
        });
    }
}
