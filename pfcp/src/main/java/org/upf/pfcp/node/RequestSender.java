package org.upf.pfcp.node;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.node.PfcpCounters.Event;
import org.upf.pfcp.node.PfcpTransactionException.Reason;

/**
 * The sending side of PFCP reliable delivery, TS 29.244 §6.4: each request gets a fresh sequence number,
 * is held with a T1 timer, retransmitted unchanged (same octets, same header) up to N1 times, and completed
 * by the response with the same sequence number from the same peer. Used only on the event-loop thread.
 */
final class RequestSender {

    private static final class Outstanding {
        final PfcpMessageType type;
        final InetSocketAddress peer;
        final int sequence;
        final byte[] wire;
        final CompletableFuture<PfcpMessage> future;
        int transmissions;
        ScheduledFuture<?> timer;

        Outstanding(PfcpMessageType type, InetSocketAddress peer, int sequence, byte[] wire,
                    CompletableFuture<PfcpMessage> future) {
            this.type = type;
            this.peer = peer;
            this.sequence = sequence;
            this.wire = wire;
            this.future = future;
        }

        PfcpTransactionException failure(Reason reason, String detail, Throwable cause) {
            return new PfcpTransactionException(reason, type, sequence, peer, detail, cause);
        }
    }

    private final Channel channel;
    private final long t1Nanos;
    private final int n1;
    private final PfcpCounters counters;
    private final SequenceAllocator sequences;
    private final Map<PeerSequence, Outstanding> outstanding = new HashMap<>();
    private boolean closed;

    RequestSender(Channel channel, PfcpNodeConfig config, PfcpCounters counters, RequestSequences numbering) {
        this.channel = channel;
        this.sequences = numbering.allocator();
        this.t1Nanos = config.t1().toNanos();
        this.n1 = config.n1();
        this.counters = counters;
    }

    /** Numbers the request, sends it and arms T1; {@code future} completes with the response. */
    void start(PfcpMessage request, InetSocketAddress peer, CompletableFuture<PfcpMessage> future) {
        if (closed) {
            future.completeExceptionally(new PfcpTransactionException(Reason.NODE_CLOSED, request.type(),
                    request.sequence(), peer, null, null));
            return;
        }
        int seq = sequences.next(s -> outstanding.containsKey(new PeerSequence(peer, s)));
        byte[] wire;
        try {
            wire = PfcpCodec.encode(request.toBuilder().sequence(seq).build());
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return;
        }
        Outstanding o = new Outstanding(request.type(), peer, seq, wire, future);
        outstanding.put(new PeerSequence(peer, seq), o);
        counters.count(Event.SENT, o.type);
        transmit(o);
    }

    private void transmit(Outstanding o) {
        o.transmissions++;
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(o.wire), o.peer));
        o.timer = channel.eventLoop().schedule(() -> onT1(o), t1Nanos, TimeUnit.NANOSECONDS);
    }

    /** §6.4: no response within T1; retransmit if fewer than N1 retransmissions were made, else give up. */
    private void onT1(Outstanding o) {
        if (outstanding.get(new PeerSequence(o.peer, o.sequence)) != o) {
            return;
        }
        if (o.transmissions <= n1) {
            counters.count(Event.RETRANSMITTED, o.type);
            transmit(o);
        } else {
            outstanding.remove(new PeerSequence(o.peer, o.sequence));
            counters.count(Event.TIMED_OUT, o.type);
            o.future.completeExceptionally(new PfcpTimeoutException(o.type, o.sequence, o.peer, o.transmissions));
        }
    }

    /** A decoded response: completes the matching request, or returns false if none is outstanding. */
    boolean onResponse(PfcpMessage response, InetSocketAddress peer) {
        Outstanding o = finish(peer, response.sequence());
        if (o == null) {
            return false;
        }
        if (response.type() == o.type.responseType()) {
            o.future.complete(response);
        } else {
            o.future.completeExceptionally(o.failure(Reason.UNEXPECTED_RESPONSE, response.type().displayName(), null));
        }
        return true;
    }

    /** §7.4.4.7: the peer does not support our version; the transaction ends. */
    boolean onVersionNotSupported(InetSocketAddress peer, int sequence) {
        Outstanding o = finish(peer, sequence);
        if (o != null) {
            o.future.completeExceptionally(o.failure(Reason.VERSION_NOT_SUPPORTED, null, null));
        }
        return o != null;
    }

    /** §7.6.1: an erroneous reply to an outstanding request stops retransmission and is reported. */
    boolean onMalformedResponse(InetSocketAddress peer, int sequence, PfcpDecodeException error) {
        Outstanding o = finish(peer, sequence);
        if (o != null) {
            o.future.completeExceptionally(o.failure(Reason.MALFORMED_RESPONSE, error.problem().name(), error));
        }
        return o != null;
    }

    /** Fails every outstanding request; later {@link #start} calls fail at once. */
    void close() {
        closed = true;
        for (Outstanding o : new ArrayList<>(outstanding.values())) {
            o.timer.cancel(false);
            o.future.completeExceptionally(o.failure(Reason.NODE_CLOSED, null, null));
        }
        outstanding.clear();
    }

    private Outstanding finish(InetSocketAddress peer, int sequence) {
        Outstanding o = outstanding.remove(new PeerSequence(peer, sequence));
        if (o != null) {
            o.timer.cancel(false);
        }
        return o;
    }
}
