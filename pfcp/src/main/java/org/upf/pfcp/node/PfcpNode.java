package org.upf.pfcp.node;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.node.PfcpCounters.Direction;
import org.upf.pfcp.node.PfcpCounters.Event;
import org.upf.pfcp.netty.PfcpEnvelope;
import org.upf.pfcp.netty.PfcpMessageDecoder;
import org.upf.pfcp.netty.PfcpMessageEncoder;

/**
 * A PFCP endpoint (TS 29.244) on one UDP socket: sends requests with T1/N1 retransmission and matches their
 * responses (§6.4), answers received requests through a {@link PfcpRequestHandler} exactly once per request
 * (retransmissions get the cached response, §6.4), answers Heartbeat Requests (§6.2.2), sends periodic
 * heartbeats to monitored peers and reports {@link PeerEvent}s, answers other PFCP versions with a Version
 * Not Supported Response (§7.6.2), and rejects malformed requests with the cause and Offending IE the spec
 * names (§7.6). All protocol state lives on a single event-loop thread.
 *
 * <pre>{@code
 * try (PfcpNode node = PfcpNode.start(PfcpNodeConfig.defaults(), handler, event -> ...)) {
 *     PfcpMessage response = node.send(request, smf).get();
 * }
 * }</pre>
 */
public final class PfcpNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PfcpNode.class.getName());

    /**
     * Socket receive buffer: a burst of requests (an SMF re-establishing thousands of sessions, at ~2 KiB of
     * kernel buffer each) must wait in the queue, not be dropped into T1 retransmissions. The kernel caps it at
     * net.core.rmem_max.
     */
    public static final int RECEIVE_BUFFER_BYTES = 4 << 20;

    /** At most this many datagrams are read and handled before their responses leave (a burst). */
    public static final int READ_BURST = 32;

    private final PfcpNodeConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Channel channel;
    private final EventLoop loop;
    private final PfcpCounters counters = new PfcpCounters();
    private final PeerRecovery recovery;
    private final RequestSender sender;
    private final RequestResponder responder;
    private final HeartbeatMonitor heartbeats;
    private final NodeInbound inbound;

    private PfcpNode(PfcpNodeConfig config, PfcpRequestHandler handler, PeerEventListener listener,
                     RequestSequences numbering) {
        this.config = config;
        this.transport = Transport.select(config.nativeTransport());
        this.group = transport.newGroup();
        this.recovery = new PeerRecovery(listener);
        Bootstrap b = new Bootstrap().group(group).channel(transport.channelClass)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
                // A datagram smaller than the buffer is no sign that the socket is empty: keep reading (up to
                // READ_BURST datagrams) so the requests waiting together are handled as one burst (batched map
                // writes, one journal sync and one sendmmsg in the agent) instead of one wake-up each.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.maxMessageSize() + 1)
                        .respectMaybeMoreData(false).maxMessagesPerRead(READ_BURST))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new OversizeFilter(config.maxMessageSize(), counters),
                                new PfcpMessageDecoder(), new PfcpMessageEncoder());
                    }
                });
        ChannelFuture bound = b.bind(config.bindAddress()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable c = bound.cause();
            BindException be = new BindException("cannot bind PFCP node to " + config.bindAddress() + ": "
                    + c.getMessage());
            be.initCause(c);
            throw new UncheckedIOException(be);
        }
        this.channel = bound.channel();
        this.loop = channel.eventLoop();
        this.sender = new RequestSender(channel, config, counters, numbering);
        this.responder = new RequestResponder(loop, handler, config, counters, new RequestResponder.Responses() {
            @Override
            public byte[] send(PfcpMessage response, InetSocketAddress peer) {
                byte[] octets = PfcpCodec.encode(response);
                resend(response.type(), response.cause(), octets, peer);
                return octets;
            }

            @Override
            public void resend(PfcpMessageType type, PfcpCause cause, byte[] octets, InetSocketAddress peer) {
                count(type, cause);
                sent(writeOut(new DatagramPacket(Unpooled.wrappedBuffer(octets), peer)), type, peer);
            }
        });
        this.heartbeats = new HeartbeatMonitor(loop, config, listener, this::send);
        inbound = new NodeInbound(responder, sender, recovery, handler, config, counters, this::write);
        // Added from the event loop, so no datagram reaches the pipeline before the node is complete.
        loop.submit(() -> channel.pipeline().addLast(inbound)).syncUninterruptibly();
        long period = config.responseCacheTtl().toNanos();
        loop.scheduleAtFixedRate(responder::expire, period, period, TimeUnit.NANOSECONDS);
        LOG.log(Level.INFO, () -> "PFCP node listening on " + localAddress() + " (" + transport + ")");
        if (config.nodeId() == null) {
            LOG.log(Level.WARNING, "PFCP node setting 'nodeId' is not set: rejections of node messages will lack "
                    + "the Node ID their response tables make mandatory");
        }
    }

    /** Binds the socket and starts serving; fails with {@link UncheckedIOException} if it cannot bind. */
    public static PfcpNode start(PfcpNodeConfig config, PfcpRequestHandler handler, PeerEventListener listener) {
        return start(config, handler, listener, RequestSequences.fromOne());
    }

    /**
     * As {@link #start(PfcpNodeConfig, PfcpRequestHandler, PeerEventListener)}, numbering the node's own requests as
     * numbering says (e.g. continuing after the numbers a previous run of this node reserved, §6.4).
     */
    public static PfcpNode start(PfcpNodeConfig config, PfcpRequestHandler handler, PeerEventListener listener,
                                 RequestSequences numbering) {
        return new PfcpNode(config, handler, listener, numbering);
    }

    /**
     * Sends a request and completes with its response (TS 29.244 §6.4). The node assigns the sequence
     * number (the request's own is ignored). Fails with {@link PfcpTimeoutException} after N1 + 1 unanswered
     * transmissions T1 apart, or with {@link PfcpTransactionException} for the other reasons it names.
     * The future completes on the event-loop thread: do not block in its callbacks.
     */
    public CompletableFuture<PfcpMessage> send(PfcpMessage request, InetSocketAddress peer) {
        if (!request.type().isRequest()) {
            throw new IllegalArgumentException(request.type().displayName() + " is not a request");
        }
        CompletableFuture<PfcpMessage> future = new CompletableFuture<>();
        try {
            onLoop(() -> sender.start(request, peer, future));
        } catch (RejectedExecutionException closed) {
            future.completeExceptionally(new PfcpTransactionException(PfcpTransactionException.Reason.NODE_CLOSED,
                    request.type(), request.sequence(), peer, null, closed));
        }
        return future;
    }

    /**
     * Sends Heartbeat Requests to this peer every {@link PfcpNodeConfig#heartbeatInterval()} (§6.2.2);
     * fails if periodic heartbeats are off (interval zero).
     */
    public void monitor(InetSocketAddress peer) {
        if (config.heartbeatInterval().isZero()) {
            throw new IllegalStateException("PFCP node setting 'heartbeatInterval' is zero: heartbeats are off");
        }
        onLoop(() -> heartbeats.monitor(peer));
    }

    public void unmonitor(InetSocketAddress peer) {
        onLoop(() -> heartbeats.unmonitor(peer));
    }

    /**
     * Runs task on the node's event loop, the thread request handlers and response callbacks run on: for state
     * those handlers own, changed on another thread's initiative (e.g. a timer). Runs it at once when called from the
     * loop; fails with {@link RejectedExecutionException} once the node is closed.
     */
    public void execute(Runnable task) {
        onLoop(task);
    }

    /** The last Recovery Time Stamp (NTP seconds) this peer sent in a heartbeat or association message. */
    public OptionalLong peerRecoveryTimeStamp(InetAddress peer) {
        return recovery.lastKnown(peer);
    }

    /** The bound address (with the actual port if the configured one was 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** "EPOLL" or "NIO". */
    public String transport() {
        return transport.name();
    }

    public PfcpNodeConfig config() {
        return config;
    }

    public PfcpCounters counters() {
        return counters;
    }

    /**
     * Fails outstanding requests with {@link PfcpTransactionException.Reason#NODE_CLOSED} and closes the
     * socket. Called from the event-loop thread (a handler or callback) it closes without waiting.
     */
    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        if (loop.inEventLoop()) {
            stopTransactions();
            channel.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            return;
        }
        loop.submit(this::stopTransactions).awaitUninterruptibly();
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private void stopTransactions() {
        heartbeats.close();
        sender.close();
    }

    /** Sends a response (counted per type and cause). */
    private void write(PfcpMessage response, InetSocketAddress peer) {
        count(response.type(), response.cause());
        sent(writeOut(new PfcpEnvelope(response, peer, null)), response.type(), peer);
    }

    /**
     * Writes a datagram; one written while a burst of requests is handled leaves with the burst's other responses
     * when it ends (after the handler's readComplete), any other at once.
     */
    private ChannelFuture writeOut(Object datagram) {
        return inbound.inBurst() ? channel.write(datagram) : channel.writeAndFlush(datagram);
    }

    private void count(PfcpMessageType type, PfcpCause cause) {
        counters.count(Event.SENT, type);
        if (cause != null) {
            counters.countCause(Direction.SENT, type, cause.code());
        }
    }

    private static void sent(ChannelFuture write, PfcpMessageType type, InetSocketAddress peer) {
        write.addListener(f -> {
            if (!f.isSuccess()) {
                LOG.log(Level.WARNING, "cannot send " + type.displayName() + " to " + peer, f.cause());
            }
        });
    }

    private void onLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }
}
