package org.upf.control.gtpu;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** GTP-U control-path counts, by message type (TS 29.281 §6.1), for metrics and tests. */
public final class GtpuCounters {
    private final AtomicLongArray received = new AtomicLongArray(256);
    private final AtomicLongArray sent = new AtomicLongArray(256);
    private final LongAdder malformed = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder errorIndicationsLimited = new LongAdder();

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
