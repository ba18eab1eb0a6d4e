package org.upf.control.assoc;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The established associations, by Node ID and by peer address (session messages carry no Node ID, so their
 * source address names the association). Written on the PFCP event loop; readable from any thread.
 */
public final class Associations {
    private final Map<String, Association> byNodeId = new ConcurrentHashMap<>();
    private final Map<InetAddress, Association> byAddress = new ConcurrentHashMap<>();

    /** Adds or replaces; returns the association it replaced, or null. Public for the journal replay. */
    public Association put(Association a) {
        Association old = byNodeId.put(a.nodeId(), a);
        if (old != null) {
            byAddress.remove(old.peer().getAddress(), old);
        }
        byAddress.put(a.peer().getAddress(), a);
        return old;
    }

    public Association remove(String nodeId) {
        Association a = byNodeId.remove(nodeId);
        if (a != null) {
            byAddress.remove(a.peer().getAddress(), a);
        }
        return a;
    }

    public Association byNodeId(String nodeId) {
        return nodeId == null ? null : byNodeId.get(nodeId);
    }

    public Association byAddress(InetAddress peer) {
        return byAddress.get(peer);
    }

    public List<Association> all() {
        return List.copyOf(byNodeId.values());
    }
}
