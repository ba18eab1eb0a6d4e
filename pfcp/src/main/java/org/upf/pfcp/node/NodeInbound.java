package org.upf.pfcp.node;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.PfcpRejection;
import org.upf.pfcp.node.PfcpCounters.Direction;
import org.upf.pfcp.node.PfcpCounters.Event;
import org.upf.pfcp.netty.PfcpDecodeFailure;
import org.upf.pfcp.netty.PfcpEnvelope;

/**
 * Routes what the decoder produced: requests to the {@link RequestResponder}, responses to the
 * {@link RequestSender}, and decode failures to the handling TS 29.244 §7.6 prescribes (Version Not
 * Supported Response, rejection with cause and Offending IE, or a counted drop). Nothing received can
 * make it throw.
 */
final class NodeInbound extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(NodeInbound.class.getName());

    private final RequestResponder responder;
    private final RequestSender sender;
    private final PeerRecovery recovery;
    private final PfcpRequestHandler handler;
    private final PfcpNodeConfig config;
    private final PfcpCounters counters;
    private final BiConsumer<PfcpMessage, InetSocketAddress> out;
    /** Between the first datagram of a burst and its channelReadComplete: responses are written, flushed at the end. */
    private boolean inBurst;

    NodeInbound(RequestResponder responder, RequestSender sender, PeerRecovery recovery, PfcpRequestHandler handler,
                PfcpNodeConfig config, PfcpCounters counters, BiConsumer<PfcpMessage, InetSocketAddress> out) {
        this.responder = responder;
        this.sender = sender;
        this.recovery = recovery;
        this.handler = handler;
        this.config = config;
        this.counters = counters;
        this.out = out;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inBurst = true;
        if (msg instanceof PfcpEnvelope e) {
            onMessage(e.message(), e.peer(), e.fingerprint());
        } else if (msg instanceof PfcpDecodeFailure f) {
            onFailure(f.error(), f.peer());
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void onMessage(PfcpMessage m, InetSocketAddress peer, long fingerprint) {
        PfcpMessageType type = m.type();
        counters.count(Event.RECEIVED, type);
        if (recovery.observe(peer.getAddress(), m)) {
            responder.forget(peer.getAddress());
        }
        if (type.isRequest()) {
            responder.onRequest(m, peer, fingerprint);
            return;
        }
        if (m.cause() != null) {
            counters.countCause(Direction.RECEIVED, type, m.cause().code());
        }
        boolean matched = type == PfcpMessageType.VERSION_NOT_SUPPORTED_RESPONSE
                ? sender.onVersionNotSupported(peer, m.sequence())
                : sender.onResponse(m, peer);
        if (!matched) {
            counters.drop(PfcpDropReason.UNMATCHED_RESPONSE);
        }
    }

    private void onFailure(PfcpDecodeException e, InetSocketAddress peer) {
        LOG.log(Level.DEBUG, () -> "undecodable PFCP datagram from " + peer + ": " + e.getMessage());
        PfcpHeader h = e.header();
        PfcpMessageType type = h == null ? null : h.type();
        switch (e.problem()) {
            case UNSUPPORTED_VERSION -> {
                // §7.6.2: answer any message of another version, except that answer itself (no ping-pong).
                if (h != null && h.messageType() != PfcpMessageType.VERSION_NOT_SUPPORTED_RESPONSE.code()) {
                    out.accept(PfcpRejection.versionNotSupported(h.sequence()), peer);
                } else {
                    counters.drop(PfcpDropReason.UNSUPPORTED_VERSION);
                }
            }
            case MESSAGE_TOO_SHORT, INVALID_MESSAGE_LENGTH -> counters.drop(PfcpDropReason.INVALID_LENGTH);
            case UNKNOWN_MESSAGE_TYPE -> counters.drop(PfcpDropReason.UNKNOWN_MESSAGE_TYPE);
            case INVALID_HEADER -> counters.drop(PfcpDropReason.INVALID_HEADER);
            default -> onMalformedBody(e, h, type, peer);
        }
    }

    /** The header decoded but an IE did not: reject a request with the spec's cause, end a transaction. */
    private void onMalformedBody(PfcpDecodeException e, PfcpHeader h, PfcpMessageType type,
                                 InetSocketAddress peer) {
        if (type != null && type.isResponse()) {
            if (!sender.onMalformedResponse(peer, h.sequence(), e)) {
                counters.drop(PfcpDropReason.UNMATCHED_RESPONSE);
            }
        } else if (e.cause() != null && PfcpRejection.canReject(type)) {
            counters.count(Event.REJECTED_MALFORMED, type);
            out.accept(PfcpRejection.reject(h, e.cause(), e.offendingIeType(), handler.peerSeidFor(h, peer),
                    config.self()),
                    peer);
        } else {
            counters.drop(PfcpDropReason.MALFORMED_REQUEST);
        }
    }

    /**
     * The end of a burst of datagrams: the handler may complete the responses it held back for it, then the
     * responses of the burst leave together (one sendmmsg with the epoll transport instead of a sendto each).
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        try {
            handler.readComplete();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "PFCP request handler failed at the end of a read burst", e);
        }
        inBurst = false;
        ctx.channel().flush();
        ctx.fireChannelReadComplete();
    }

    /** Whether a response written now is flushed by the end of the current burst (event-loop thread only). */
    boolean inBurst() {
        return inBurst;
    }

    /** Anything else the pipeline throws (a codec bug) is logged and counted; the node keeps serving. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        counters.drop(PfcpDropReason.CODEC_ERROR);
        LOG.log(Level.ERROR, "PFCP pipeline error (datagram dropped)", cause);
    }
}
