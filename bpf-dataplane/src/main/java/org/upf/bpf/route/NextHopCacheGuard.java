package org.upf.bpf.route;

import java.time.Duration;
import java.util.Optional;
import org.upf.bpf.dataplane.Dataplane;

/**
 * The {@link RouteChangeWatcher.Listener} of a {@link Dataplane}: flushes its next-hop cache, and while the
 * routing makes the cache wrong ({@link RoutingPolicy}) runs with it off (TTL 0) unless the TTL was configured
 * explicitly, in which case it only warns; the configured TTL comes back once the reason is gone.
 */
public final class NextHopCacheGuard implements RouteChangeWatcher.Listener {
    private static final System.Logger LOG = System.getLogger(NextHopCacheGuard.class.getName());

    private final Dataplane dataplane;
    private final Duration configuredTtl;
    private final boolean explicit;

    /** configuredTtl: the TTL the data path was loaded with; explicit: the operator set it (keep it regardless). */
    public NextHopCacheGuard(Dataplane dataplane, Duration configuredTtl, boolean explicit) {
        this.dataplane = dataplane;
        this.configuredTtl = configuredTtl;
        this.explicit = explicit;
    }

    @Override
    public void flush() {
        dataplane.flushNextHops();
    }

    @Override
    public void routingPolicy(Optional<String> reason) {
        if (reason.isEmpty()) {
            if (!dataplane.nextHopTtl().equals(configuredTtl)) {
                LOG.log(System.Logger.Level.INFO, "routing lets the next-hop cache be right again: TTL back to "
                        + configuredTtl);
                dataplane.nextHopTtl(configuredTtl);
            }
        } else if (explicit || configuredTtl.isZero()) {
            if (!configuredTtl.isZero()) {
                LOG.log(System.Logger.Level.WARNING, "the next-hop cache can send packets to the wrong next hop: "
                        + reason.get() + "; keeping the configured TTL " + configuredTtl
                        + " (set routing.nextHopTtl to 0s to look up every packet)");
            }
        } else {
            LOG.log(System.Logger.Level.WARNING, "next-hop cache off (TTL 0, every packet asks the FIB): "
                    + reason.get() + " (an explicit routing.nextHopTtl keeps the cache on regardless)");
            dataplane.nextHopTtl(Duration.ZERO);
        }
    }
}
