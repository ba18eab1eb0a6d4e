package org.upf.bpf.route;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.upf.bpf.NetlinkSocket;

/**
 * Keeps the next-hop cache (upf_nexthop_v2) in step with the kernel's routing: a thread reads rtnetlink
 * notifications of the network namespace the watcher was started in and asks its {@link Listener} to flush
 * the cache when cached answers of bpf_fib_lookup may have changed, and tells it when the routing stops (or
 * starts again) letting the cache be right at all ({@link RoutingPolicy}).
 *
 * <p>What flushes: any route change (IPv4/IPv6, any table), link change (state, MTU, address, deletion),
 * policy rule change, nexthop object change, forwarding-setting change (netconf), and a neighbour change that
 * changes what the FIB answers for a neighbour it resolved (new MAC, entry gone or failed; see
 * {@link NeighbourTable}); a lost notification (the socket's buffer overran) flushes and re-reads the
 * neighbours. Flushes are coalesced by {@link FlushSchedule}: at most one per interval, at most one interval
 * after the change. Rules, nexthop objects and multipath or source-specific routes re-run the policy check
 * before the flush.
 */
public final class RouteChangeWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RouteChangeWatcher.class.getName());
    /** The default coalescing interval (the least: {@link FlushSchedule} stretches it where flushes are slow). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(50);
    /**
     * Room for ~4000 notifications while the thread flushes or re-checks: a routing daemon loading a table outruns
     * the 208 KiB default at once, and every overrun costs a re-read of the neighbours, rules and routes.
     */
    public static final int DEFAULT_RECEIVE_BUFFER = 4 << 20;
    /** Covers a packet between its FIB lookup and its cache fill (sub-microsecond, milliseconds if preempted). */
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final int[] GROUPS = {Rtnl.RTNLGRP_LINK, Rtnl.RTNLGRP_NEIGH, Rtnl.RTNLGRP_IPV4_ROUTE,
        Rtnl.RTNLGRP_IPV6_ROUTE, Rtnl.RTNLGRP_IPV4_RULE, Rtnl.RTNLGRP_IPV6_RULE, Rtnl.RTNLGRP_IPV4_NETCONF,
        Rtnl.RTNLGRP_IPV6_NETCONF, Rtnl.RTNLGRP_NEXTHOP};

    /** What the watcher drives: the data path's cache. Called on the watcher's thread (and once by start). */
    public interface Listener {
        /** Cached next hops may be wrong: empty the cache. */
        void flush();

        /**
         * Why the cache would be wrong in this namespace's routing (one reason per line), empty when it is right;
         * at start and at every change of the answer.
         */
        void routingPolicy(Optional<String> reason);
    }

    private final Listener listener;
    private final NetlinkSocket events;
    private final NetlinkSocket dumps;
    private final NeighbourTable neighbours = new NeighbourTable();
    private final FlushSchedule schedule;
    private final Thread thread;
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private Optional<String> policy;
    private boolean rereadNeighbours;
    private boolean recheckPolicy;
    private volatile boolean closed;

    private RouteChangeWatcher(Listener listener, Duration interval, int receiveBufferBytes) {
        this.listener = listener;
        this.schedule = new FlushSchedule(interval.toNanos(), Math.min(SETTLE_NANOS, interval.toNanos()),
                System.nanoTime());
        // Subscribed before the first dump: nothing between the two goes unseen.
        this.events = NetlinkSocket.subscribe(receiveBufferBytes, GROUPS);
        try {
            this.dumps = NetlinkSocket.forDumps();
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
        try {
            readNeighbours();
            policy = RoutingPolicy.check(dumps);
            listener.routingPolicy(policy);
            flush(); // changes between the data path's load and now
        } catch (RuntimeException e) {
            closeSockets();
            throw e;
        }
        thread = new Thread(this::run, "route-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts watching the calling thread's network namespace with the default interval: reports the current
     * routing policy to listener and flushes once before returning.
     */
    public static RouteChangeWatcher start(Listener listener) {
        return start(listener, DEFAULT_INTERVAL, DEFAULT_RECEIVE_BUFFER);
    }

    /** receiveBufferBytes: the notification socket's receive buffer, 0 for the system default. */
    public static RouteChangeWatcher start(Listener listener, Duration interval, int receiveBufferBytes) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        return new RouteChangeWatcher(listener, interval, receiveBufferBytes);
    }

    /** Flushes asked of the listener so far (the one at start included). */
    public long flushes() {
        return flushes.get();
    }

    /** Times notifications were lost because the socket's buffer was full. */
    public long overruns() {
        return overruns.get();
    }

    private void run() {
        while (!closed) {
            try {
                long wait = schedule.nanosUntilDue(System.nanoTime());
                int timeout = wait < 0 ? -1 : (int) TimeUnit.NANOSECONDS.toMillis(wait + 999_999);
                if (events.read(timeout, this::onMessage) == NetlinkSocket.OVERRUN) {
                    overruns.incrementAndGet();
                    LOG.log(System.Logger.Level.WARNING, "routing notifications lost (socket buffer full): "
                            + "flushing the next-hop cache and re-reading the neighbours");
                    rereadNeighbours = true;
                    recheckPolicy = true;
                    schedule.changed(System.nanoTime());
                }
                if (!closed && schedule.nanosUntilDue(System.nanoTime()) == 0) {
                    apply();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "route watcher: " + e.getMessage() + "; retrying", e);
                // Thrown part-way through a datagram, the rest of its notifications went unread: as after an
                // overrun, re-read what they may have changed before the flush.
                rereadNeighbours = true;
                recheckPolicy = true;
                schedule.changed(System.nanoTime());
                sleepQuietly();
            }
        }
    }

    private void onMessage(ByteBuffer m) {
        int type = Rtnl.type(m);
        switch (type) {
            case Rtnl.RTM_NEWROUTE, Rtnl.RTM_DELROUTE -> {
                recheckPolicy |= RoutingPolicy.concernsPolicy(m) || policy.isPresent();
                changed();
            }
            case Rtnl.RTM_NEWRULE, Rtnl.RTM_DELRULE, Rtnl.RTM_NEWNEXTHOP, Rtnl.RTM_DELNEXTHOP -> {
                recheckPolicy = true;
                changed();
            }
            case Rtnl.RTM_NEWNEIGH, Rtnl.RTM_DELNEIGH -> {
                if (neighbours.apply(m)) {
                    changed();
                }
            }
            case Rtnl.RTM_NEWLINK, Rtnl.RTM_DELLINK, Rtnl.RTM_NEWNETCONF, Rtnl.RTM_DELNETCONF -> changed();
            default -> { } // other messages of these groups (e.g. nexthop buckets) hold nothing the cache keeps
        }
    }

    private void changed() {
        schedule.changed(System.nanoTime());
    }

    /** The due flush, after re-reading what an overrun or a policy-relevant change made stale. */
    private void apply() {
        if (rereadNeighbours) {
            readNeighbours();
            rereadNeighbours = false;
        }
        if (recheckPolicy) {
            Optional<String> verdict = RoutingPolicy.check(dumps);
            if (!verdict.equals(policy)) {
                listener.routingPolicy(verdict);
                policy = verdict; // only once the listener took it: a failed call is retried with the flush
            }
            recheckPolicy = false;
        }
        long started = System.nanoTime();
        flush();
        schedule.flushed(started, System.nanoTime());
    }

    private void flush() {
        listener.flush();
        flushes.incrementAndGet();
    }

    private void readNeighbours() {
        for (int attempt = 1; ; attempt++) {
            neighbours.clear();
            boolean consistent = true;
            for (int family : Rtnl.FAMILIES) {
                consistent &= dumps.dump(Rtnl.RTM_GETNEIGH, family, Rtnl.NDMSG, neighbours::apply);
            }
            if (consistent) {
                return;
            }
            Rtnl.retryInconsistent(attempt, "neighbours");
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread (waits for it) and closes the sockets. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        events.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            // a listener call that does not return: closing the sockets under it would be worse than leaking them
            LOG.log(System.Logger.Level.WARNING, "route watcher thread did not stop; its sockets stay open");
            return;
        }
        closeSockets();
    }

    private void closeSockets() {
        events.close();
        dumps.close();
    }
}
