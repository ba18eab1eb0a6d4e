package org.upf.pfcp.node;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessageType;

/**
 * Counters of a {@link PfcpNode}: messages per type and event, responses per type and cause, drops per
 * reason (TS 29.244 §7.6.1 lets a node count protocol errors). Thread-safe; a metrics exporter reads
 * them with {@link #forEach(Visitor)} without depending on this module's internals.
 */
public final class PfcpCounters {

    /** What happened to a message of some type. */
    public enum Event {
        /** Received and decoded. */
        RECEIVED,
        /** Sent for the first time (requests) or sent (responses). */
        SENT,
        /** A request of ours retransmitted after T1 (§6.4). */
        RETRANSMITTED,
        /** A request of ours given up after N1 retransmissions (§6.4). */
        TIMED_OUT,
        /** A retransmitted request answered from the response cache without running the handler (§6.4). */
        DUPLICATE_ANSWERED,
        /** A request that failed to decode, answered with the cause the spec names (§7.6). */
        REJECTED_MALFORMED,
        /** The request handler failed or answered with a wrong message; "System failure" was sent. */
        HANDLER_FAILED
    }

    /** Direction of a counted response cause. */
    public enum Direction { SENT, RECEIVED }

    /** Receives one counter value. {@code messageType} and {@code cause} are null where they do not apply. */
    @FunctionalInterface
    public interface Visitor {
        void sample(String counter, String messageType, String label, long value);
    }

    private final Map<Long, LongAdder> events = new ConcurrentHashMap<>();
    private final Map<Long, LongAdder> causes = new ConcurrentHashMap<>();
    private final Map<PfcpDropReason, LongAdder> drops = new ConcurrentHashMap<>();

    void count(Event event, PfcpMessageType type) {
        events.computeIfAbsent(key(event.ordinal(), type.code()), k -> new LongAdder()).increment();
    }

    void countCause(Direction direction, PfcpMessageType responseType, int cause) {
        causes.computeIfAbsent(((long) direction.ordinal() << 32) | key(responseType.code(), cause),
                k -> new LongAdder()).increment();
    }

    void drop(PfcpDropReason reason) {
        drops.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    public long get(Event event, PfcpMessageType type) {
        return sum(events.get(key(event.ordinal(), type.code())));
    }

    public long causes(Direction direction, PfcpMessageType responseType, PfcpCause cause) {
        return sum(causes.get(((long) direction.ordinal() << 32) | key(responseType.code(), cause.code())));
    }

    public long dropped(PfcpDropReason reason) {
        return sum(drops.get(reason));
    }

    /** Every non-zero counter, in a stable order: events, then causes, then drops. */
    public void forEach(Visitor v) {
        new ConcurrentSkipListMap<>(events).forEach((k, a) -> v.sample("pfcp_messages_" + Event.values()[hi(k)]
                .name().toLowerCase(Locale.ROOT), PfcpMessageType.nameOf(lo(k)), null, a.sum()));
        new ConcurrentSkipListMap<>(causes).forEach((k, a) -> {
            int cause = lo(k);
            PfcpCause c = PfcpCause.forCode(cause);
            v.sample("pfcp_response_causes_" + Direction.values()[(int) (k >>> 32)].name()
                            .toLowerCase(Locale.ROOT), PfcpMessageType.nameOf(hi(k) & 0xFFFF),
                    c != null ? c.description() : Integer.toString(cause), a.sum());
        });
        drops.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                v.sample("pfcp_dropped", null, e.getKey().name(), e.getValue().sum()));
    }

    private static long key(int high, int low) {
        return ((long) high << 16) | low;
    }

    private static int hi(long key) {
        return (int) (key >>> 16);
    }

    private static int lo(long key) {
        return (int) (key & 0xFFFF);
    }

    private static long sum(LongAdder a) {
        return a == null ? 0 : a.sum();
    }
}
