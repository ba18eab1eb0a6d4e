package org.upf.pfcp.node;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;

/**
 * Answers PFCP requests received by a {@link PfcpNode}. The node calls {@link #handle} once per request
 * (retransmissions are answered from the node's response cache, TS 29.244 §6.4) on its event-loop thread,
 * so an implementation must not block: do slow work asynchronously and complete the stage later.
 * The stage must complete with a message of the request's response type (build it with
 * {@link PfcpMessage#responseBuilder()}), or fail with {@link PfcpRejectException} to reject the request
 * with a cause (the node then builds a complete rejection response). If it fails otherwise or yields
 * anything else the node answers "System failure" and counts the handler failure.
 */
@FunctionalInterface
public interface PfcpRequestHandler {

    CompletionStage<PfcpMessage> handle(PfcpMessage request, InetSocketAddress peer);

    /**
     * The SEID to put in the header of a rejection response to a session request this node could not
     * decode: the peer's SEID for the session the request header's SEID names (TS 29.244 §7.2.2.4.2),
     * or 0 if unknown (e.g. the session does not exist). The default answers 0.
     */
    default long peerSeidFor(PfcpHeader requestHeader, InetSocketAddress peer) {
        return 0;
    }

    /**
     * Called on the event-loop thread after each burst of datagrams the node read and handled in one go (Netty's
     * channelReadComplete), before any response of that burst leaves: responses completed on the event loop during
     * the burst or in this call are sent together once it returns. A handler can do shared work for the burst here
     * (batched map writes, then one journal sync that all its responses depend on) and complete the stages it
     * kept. The default does nothing.
     */
    default void readComplete() {
    }
}
