package org.upf.pfcp.node;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;

/**
 * A {@link PfcpRequestHandler} that dispatches on the message type. A request type without a handler is
 * rejected with "Service not supported" (TS 29.244 §8.2.1). Register handlers before starting the node.
 * The SEID lookup for rejections ({@link #peerSeidFor}) is delegated to the handler set with
 * {@link #seids(PeerSeidLookup)} (default: 0).
 */
public final class PfcpRequestRouter implements PfcpRequestHandler {
    private final Map<PfcpMessageType, PfcpRequestHandler> handlers = new EnumMap<>(PfcpMessageType.class);
    private PeerSeidLookup seids = PeerSeidLookup.NONE;

    public PfcpRequestRouter on(PfcpMessageType requestType, PfcpRequestHandler handler) {
        if (!requestType.isRequest()) {
            throw new IllegalArgumentException(requestType.displayName() + " is not a request");
        }
        handlers.put(requestType, handler);
        return this;
    }

    /** Where {@link #peerSeidFor} comes from, e.g. the agent's session table. */
    public PfcpRequestRouter seids(PeerSeidLookup sessionTable) {
        this.seids = sessionTable;
        return this;
    }

    @Override
    public long peerSeidFor(PfcpHeader requestHeader, InetSocketAddress peer) {
        return seids.peerSeid(requestHeader, peer);
    }

    @Override
    public CompletionStage<PfcpMessage> handle(PfcpMessage request, InetSocketAddress peer) {
        PfcpRequestHandler h = handlers.get(request.type());
        if (h != null) {
            return h.handle(request, peer);
        }
        return CompletableFuture.failedFuture(new PfcpRejectException(PfcpCause.SERVICE_NOT_SUPPORTED,
                "no handler for " + request.type().displayName()));
    }
}
