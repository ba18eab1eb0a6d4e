package org.upf.pfcp.node;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessageType;

/**
 * Duplicate request detection, TS 29.244 §6.4: a request from the same peer with the same sequence number
 * and type as one already received is a retransmission. While the first copy is being handled the
 * duplicate is absorbed; afterwards it is answered with the same response. Because §6.4 also requires a
 * retransmission to be identical to the original, header included, a request whose octets differ (compared by
 * a 64-bit fingerprint) is a new request that reuses the number, e.g. from a peer that restarted its sequence
 * numbers. Entries are bounded in number (oldest evicted first) and in time (removed {@code ttl} after the
 * response was sent). Used only on the node's event-loop thread.
 */
final class ResponseCache {

    /**
     * A request seen; {@code response} is null while the handler runs. The response is kept as the octets sent (about
     * 100 bytes of heap against some 500 for the decoded message: with tens of thousands of answered requests in the
     * cache at a high establishment rate it was a large share of the agent's heap), with its cause for the counters.
     */
    static final class Entry {
        final PfcpMessageType requestType;
        final long fingerprint;
        byte[] response;
        PfcpCause cause;
        long expiresAtNanos = Long.MAX_VALUE;

        Entry(PfcpMessageType requestType, long fingerprint) {
            this.requestType = requestType;
            this.fingerprint = fingerprint;
        }
    }

    private final long ttlNanos;
    private final int maxEntries;
    private final Map<PeerSequence, Entry> entries;

    ResponseCache(long ttlNanos, int maxEntries) {
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<PeerSequence, Entry> eldest) {
                return size() > ResponseCache.this.maxEntries;
            }
        };
    }

    /**
     * The entry of an earlier copy of this request, or {@code null} after recording this one as new
     * (in progress). A request with a known key but another type or other octets is a new request that
     * replaces the entry.
     */
    Entry lookupOrBegin(PeerSequence key, PfcpMessageType type, long fingerprint, long nowNanos) {
        Entry e = entries.get(key);
        if (e != null && e.requestType == type && e.fingerprint == fingerprint && nowNanos < e.expiresAtNanos) {
            return e;
        }
        entries.remove(key);
        entries.put(key, new Entry(type, fingerprint));
        return null;
    }

    /** Forgets every request from this address (any port): the peer restarted (§6.2.3). */
    void forget(InetAddress peer) {
        entries.keySet().removeIf(k -> k.peer().getAddress().equals(peer));
    }

    /** Stores the response sent for a request so its retransmissions get the same one. */
    void complete(PeerSequence key, byte[] response, PfcpCause cause, long nowNanos) {
        Entry e = entries.get(key);
        if (e != null && e.response == null) {
            e.response = response;
            e.cause = cause;
            e.expiresAtNanos = nowNanos + ttlNanos;
        }
    }

    /** Removes answered entries whose time is up. */
    void expire(long nowNanos) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtNanos <= nowNanos) {
                it.remove();
            }
        }
    }

    int size() {
        return entries.size();
    }
}
