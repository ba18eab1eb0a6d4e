package org.upf.control.config;

/**
 * How the agent keeps the data path's next-hop cache in step with the kernel's routing (docs/dataplane.md,
 * "Invalidation: the route watcher").
 *
 * @param watchChanges       whether a route watcher flushes the cache on route, neighbour, link and rule changes
 *                           and re-checks the policy routing on rule changes (else the policy is checked once at
 *                           start and changes are seen at the TTL)
 * @param nextHopTtlExplicit whether routing.nextHopTtl was set: then a routing the cache cannot follow (policy
 *                           rules by source or port, ECMP, source-specific routes) only warns instead of turning
 *                           the cache off
 */
public record RoutingConfig(boolean watchChanges, boolean nextHopTtlExplicit) {
}
