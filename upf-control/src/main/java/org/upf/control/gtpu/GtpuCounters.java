package org.upf.control.gtpu;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** GTP-U control-path counts, by message type (TS 29.281 §6.1), for metrics and tests. */
public final class GtpuCounters {
    private final AtomicLongArray received = new AtomicLongArray(256);
    private final AtomicLongArray sent = new AtomicLongArray(256);
    private final LongAdder malformed = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder errorIndicationsLimited = new LongAdder();
    private final LongAdder notificationsLimited = new LongAdder();
    /** The message types (TS 29.281 §6.1) the control path sends or reads, by metric label. */
    public static final Map<Integer, String> TYPE_NAMES = typeNames();

    void received(int type) {
        received.incrementAndGet(type & 0xff);
    }

    void sent(int type) {
        sent.incrementAndGet(type & 0xff);
    }

    void countMalformed() {
        malformed.increment();
    }

    void sendFailed() {
        sendFailures.increment();
    }

    void errorIndicationLimited() {
        errorIndicationsLimited.increment();
    }

    void notificationLimited() {
        notificationsLimited.increment();
    }

    /** Supported Extension Headers Notifications not sent because the peer got one within the interval. */
    public long notificationsLimited() {
        return notificationsLimited.sum();
    }

    private static Map<Integer, String> typeNames() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(GtpuMessage.ECHO_REQUEST, "echo_request");
        m.put(GtpuMessage.ECHO_RESPONSE, "echo_response");
        m.put(GtpuMessage.ERROR_INDICATION, "error_indication");
        m.put(GtpuMessage.SUPPORTED_EXTENSION_HEADERS_NOTIFICATION, "supported_extension_headers_notification");
        m.put(GtpuMessage.END_MARKER, "end_marker");
        m.put(GtpuMessage.G_PDU, "g_pdu");
        return Collections.unmodifiableMap(m);
    }

    /** Messages of a type received on our GTP-U sockets. */
    public long receivedOf(int type) {
        return received.get(type & 0xff);
    }

    /** Messages of a type we sent. */
    public long sentOf(int type) {
        return sent.get(type & 0xff);
    }

    /** Undecodable datagrams on our GTP-U sockets. */
    public long malformed() {
        return malformed.sum();
    }

    public long sendFailures() {
        return sendFailures.sum();
    }

    /** Error Indications not sent because the peer got one within the interval. */
    public long errorIndicationsLimited() {
        return errorIndicationsLimited.sum();
    }
}
