package org.upf.pfcp.node;

import io.netty.channel.EventLoop;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.HashMap;
import java.util.Map;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.PfcpRejection;
import org.upf.pfcp.message.HeartbeatResponse;
import org.upf.pfcp.node.PfcpCounters.Event;

/**
 * The receiving side of PFCP reliable delivery, TS 29.244 §6.4: runs the handler once per request,
 * answers retransmissions from the {@link ResponseCache}, absorbs those that arrive while the handler is
 * still running, and answers Heartbeat Requests itself (§6.2.2). Used only on the event-loop thread.
 */
final class RequestResponder {
    private static final System.Logger LOG = System.getLogger(RequestResponder.class.getName());

    private final EventLoop loop;
    private final PfcpRequestHandler handler;
    private final PfcpNodeConfig config;
    private final PfcpCounters counters;
    private final ResponseCache cache;
    private final Responses out;
    /**
     * One address object per peer for the cache keys (a datagram's sender is a new object each time, ~100 bytes);
     * bounded, a peer beyond the bound keeps its own objects.
     */
    private final Map<InetSocketAddress, InetSocketAddress> peers = new HashMap<>();
    private static final int MAX_PEERS = 1024;

    /** Where responses leave: the node counts and sends them. */
    interface Responses {
        /** Sends a response; returns its octets, which answer the request's retransmissions. */
        byte[] send(PfcpMessage response, InetSocketAddress peer);

        /** Sends a response's octets again (of the type answering requestType, with cause, or null). */
        void resend(PfcpMessageType type, PfcpCause cause, byte[] octets, InetSocketAddress peer);
    }

    RequestResponder(EventLoop loop, PfcpRequestHandler handler, PfcpNodeConfig config, PfcpCounters counters,
                     Responses out) {
        this.loop = loop;
        this.handler = handler;
        this.config = config;
        this.counters = counters;
        this.cache = new ResponseCache(config.responseCacheTtl().toNanos(), config.responseCacheMaxEntries());
        this.out = out;
    }

    /**
     * A request from sender; fingerprint hashes its received octets ({@link org.upf.pfcp.netty.PfcpEnvelope}): with
     * the same peer, sequence number and type it marks a retransmission, otherwise a new request reusing the number.
     */
    void onRequest(PfcpMessage request, InetSocketAddress sender, long fingerprint) {
        InetSocketAddress peer = peers.size() < MAX_PEERS ? peers.computeIfAbsent(sender, p -> p)
                : peers.getOrDefault(sender, sender);
        PeerSequence key = new PeerSequence(peer, request.sequence());
        ResponseCache.Entry earlier = cache.lookupOrBegin(key, request.type(), fingerprint,
                System.nanoTime());
        if (earlier != null) {
            if (earlier.response == null) {
                counters.drop(PfcpDropReason.DUPLICATE_IN_PROGRESS);
            } else {
                counters.count(Event.DUPLICATE_ANSWERED, request.type());
                out.resend(request.type().responseType(), earlier.cause, earlier.response, peer);
            }
            return;
        }
        CompletionStage<PfcpMessage> stage;
        try {
            stage = request.type() == PfcpMessageType.HEARTBEAT_REQUEST
                    ? CompletableFuture.completedFuture(
                            HeartbeatResponse.of(request.sequence(), config.recoveryTimeStampNtp()))
                    : handler.handle(request, peer);
        } catch (RuntimeException e) {  // a PfcpRejectException, or a handler bug
            stage = CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            stage = CompletableFuture.failedFuture(new NullPointerException("handler returned no stage"));
        }
        stage.whenComplete((response, error) -> {
            if (loop.inEventLoop()) {
                answer(key, request, response, error);
            } else {
                loop.execute(() -> answer(key, request, response, error));
            }
        });
    }

    private void answer(PeerSequence key, PfcpMessage request, PfcpMessage response, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        PfcpMessage sent = response;
        if (cause instanceof PfcpRejectException r) {
            sent = PfcpRejection.reject(request.header(), r.pfcpCause(), r.offendingIe(),
                    peerSeid(request, key.peer()), config.self());
        } else if (cause != null || !answers(response, request)) {
            counters.count(Event.HANDLER_FAILED, request.type());
            LOG.log(Level.WARNING, () -> "handler failed on " + request + " from " + key.peer() + ": "
                    + (cause != null ? cause : "answered " + response), cause);
            sent = PfcpRejection.reject(request.header(), PfcpCause.SYSTEM_FAILURE, PfcpDecodeException.NO_IE,
                    peerSeid(request, key.peer()), config.self());
        }
        cache.complete(key, out.send(sent, key.peer()), sent.cause(), System.nanoTime());
    }

    /**
     * The SEID for the header of a response to a decoded request (§7.2.2.4.2): for a Session Establishment
     * Request the SEID of its CP F-SEID (the peer has no session of ours yet, §7.5.2), otherwise what the
     * handler knows about the session the request names.
     */
    private long peerSeid(PfcpMessage request, InetSocketAddress peer) {
        if (request.type() == PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST && request.fSeid() != null) {
            return request.fSeid().seid();
        }
        return handler.peerSeidFor(request.header(), peer);
    }

    private static boolean answers(PfcpMessage response, PfcpMessage request) {
        return response != null && response.type() == request.type().responseType()
                && response.sequence() == request.sequence();
    }

    /** Forgets the requests of a peer that restarted, so its reused sequence numbers are new requests. */
    void forget(InetAddress peer) {
        cache.forget(peer);
    }

    /** Drops cached responses whose time is up (bounded memory, §6.4). */
    void expire() {
        cache.expire(System.nanoTime());
    }

    int cachedEntries() {
        return cache.size();
    }
}
