package org.upf.lab.ran;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.upf.lab.stats.Latencies;

/** What the emulated RAN sent and got back, shared by the gNBs and the traffic generator; thread-safe. */
public final class TrafficStats {
    /** Counters of downlink packets that failed a check. */
    public enum Problem {
        /** A G-PDU on a TEID no gNB assigned. */
        UNKNOWN_TEID,
        /** A downlink packet whose PDU Session Container QFI is not the one of its flow. */
        WRONG_QFI,
        /** A T-PDU that is not a reply of ours to the UE of its tunnel. */
        WRONG_INNER,
        /** A G-PDU on the source gNB's tunnel after that tunnel's End Marker (TS 29.281 §7.3.2). */
        AFTER_END_MARKER,
        /** The same reply twice. */
        DUPLICATE
    }

    private final Map<Flow, AtomicLong> sent = counters(Flow.class);
    private final Map<Flow, AtomicLong> received = counters(Flow.class);
    private final Map<Problem, AtomicLong> problems = counters(Problem.class);
    private final AtomicLong uplinkBytes = new AtomicLong();
    private final AtomicLong downlinkBytes = new AtomicLong();
    private final AtomicLong endMarkers = new AtomicLong();
    private final AtomicLong sentIpv6 = new AtomicLong();
    private final AtomicLong receivedIpv6 = new AtomicLong();
    private final Set<Long> seen = ConcurrentHashMap.newKeySet();
    private final Latencies latencies = new Latencies();

    void sent(Flow flow, boolean ipv6, int gtpuBytes) {
        sent.get(flow).incrementAndGet();
        if (ipv6) {
            sentIpv6.incrementAndGet();
        }
        uplinkBytes.addAndGet(gtpuBytes);
    }

    void received(Probe probe, boolean ipv6, int gtpuBytes, long nowNanos) {
        downlinkBytes.addAndGet(gtpuBytes);
        if (!seen.add(probe.key())) {
            problem(Problem.DUPLICATE);
            return;
        }
        received.get(probe.flow()).incrementAndGet();
        if (ipv6) {
            receivedIpv6.incrementAndGet();
        }
        latencies.add(nowNanos - probe.sentNanos());
    }

    void endMarker() {
        endMarkers.incrementAndGet();
    }

    void problem(Problem p) {
        problems.get(p).incrementAndGet();
    }

    public long sent(Flow flow) {
        return sent.get(flow).get();
    }

    public long received(Flow flow) {
        return received.get(flow).get();
    }

    public long sent() {
        return sent.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long received() {
        return received.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Requests without reply (read after the replies had time to arrive). */
    /** Requests sent by IPv6 UEs. */
    public long sentIpv6() {
        return sentIpv6.get();
    }

    /** Replies received by IPv6 UEs. */
    public long receivedIpv6() {
        return receivedIpv6.get();
    }

    public long lost() {
        return sent() - received();
    }

    public long problems(Problem p) {
        return problems.get(p).get();
    }

    public long problems() {
        return problems.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long uplinkBytes() {
        return uplinkBytes.get();
    }

    public long downlinkBytes() {
        return downlinkBytes.get();
    }

    public long endMarkers() {
        return endMarkers.get();
    }

    /** Round trip UE -> DN -> UE through the UPF, both directions on GTP-U. */
    public Latencies latencies() {
        return latencies;
    }

    private static <E extends Enum<E>> Map<E, AtomicLong> counters(Class<E> type) {
        Map<E, AtomicLong> m = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            m.put(e, new AtomicLong());
        }
        return m;
    }
}
