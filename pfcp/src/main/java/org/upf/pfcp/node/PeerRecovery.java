package org.upf.pfcp.node;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;

/**
 * Peer restart detection, TS 29.244 §6.2.2/§6.2.3 and §19A of TS 23.007: remembers the last Recovery Time
 * Stamp each peer sent in a Heartbeat or Association Setup message and reports a change as
 * {@link PeerEvent.Restarted}. Bounded: the least recently heard of peers are forgotten first.
 */
final class PeerRecovery {
    private static final System.Logger LOG = System.getLogger(PeerRecovery.class.getName());
    private static final Set<PfcpMessageType> CARRIERS = Set.of(PfcpMessageType.HEARTBEAT_REQUEST,
            PfcpMessageType.HEARTBEAT_RESPONSE, PfcpMessageType.ASSOCIATION_SETUP_REQUEST,
            PfcpMessageType.ASSOCIATION_SETUP_RESPONSE);
    static final int MAX_PEERS = 4096;

    private final Map<InetAddress, Long> stamps = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<InetAddress, Long> eldest) {
                    return size() > MAX_PEERS;
                }
            });
    private final PeerEventListener listener;

    PeerRecovery(PeerEventListener listener) {
        this.listener = listener;
    }

    /** Notes the message's Recovery Time Stamp, if it carries one; true if the peer restarted. */
    boolean observe(InetAddress peer, PfcpMessage message) {
        if (!CARRIERS.contains(message.type())) {
            return false;
        }
        long stamp = message.recoveryTimeStamp();
        if (stamp < 0) {
            return false;
        }
        Long old = stamps.put(peer, stamp);
        if (old == null || old == stamp) {
            return false;
        }
        LOG.log(Level.INFO, () -> "PFCP peer " + peer.getHostAddress() + " restarted: Recovery Time Stamp "
                + old + " -> " + stamp);
        notify(listener, new PeerEvent.Restarted(peer, old, stamp));
        return true;
    }

    OptionalLong lastKnown(InetAddress peer) {
        Long s = stamps.get(peer);
        return s == null ? OptionalLong.empty() : OptionalLong.of(s);
    }

    /** Delivers an event; a failing listener is logged, never allowed to break the node. */
    static void notify(PeerEventListener listener, PeerEvent event) {
        try {
            listener.onPeerEvent(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "peer event listener failed on " + event, e);
        }
    }
}
