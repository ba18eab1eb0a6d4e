package org.upf.pfcp.node;

/** Receives {@link PeerEvent}s on the node's event-loop thread; must not block. */
@FunctionalInterface
public interface PeerEventListener {
    PeerEventListener NONE = event -> { };

    void onPeerEvent(PeerEvent event);
}
