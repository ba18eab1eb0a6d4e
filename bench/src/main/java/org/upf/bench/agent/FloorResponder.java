package org.upf.bench.agent;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.ResourceLeakDetector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.upf.bpf.ThreadPriority;
import org.upf.lab.Addresses;
import org.upf.pfcp.node.PfcpNode;
import org.upf.pfcp.node.PfcpNodeConfig;

/**
 * The latency floor of the signalling benchmark (docs/performance.md, "the latency floor"): a measuring instrument,
 * not a UPF. It stands where the agent stands ({@link AgentProcess#startFloor}: same launcher, JVM options,
 * namespace and SMF emulator) and answers every PFCP Session Establishment Request at once with an accepted
 * response patched from a template ({@link EstablishmentTemplate}): no session state, no BPF map, no journal, no
 * validation. Whatever latency the emulator measures against it is what the host, the two JVMs, the kernel's UDP
 * path and the emulator cost without any of the agent's work; the agent's figure minus this one is the agent's.
 *
 * <p>Its socket is set up as the agent's PFCP node ({@link PfcpNode}): native epoll, one event-loop thread, the
 * same receive buffer and burst reading (up to {@link PfcpNode#READ_BURST} datagrams per wake-up, their responses
 * flushed together when the burst ends), Netty's leak detector off as in {@code upf agent}, and the loop asks for
 * the agent's time slice (threads.pfcpSlice's default). Association Setup and Heartbeat Requests are answered too
 * ({@link FloorInbound}), so the emulator can associate before it establishes.
 *
 * <pre>{@code
 * java -cp benchmarks.jar org.upf.bench.agent.FloorResponder --n4 127.0.0.1 --n3 198.18.3.1
 * }</pre>
 */
public final class FloorResponder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FloorResponder.class.getName());
    /** The agent's default threads.pfcpSlice (docs/configuration.md). */
    static final Duration SLICE = Duration.ofNanos(100_000);

    private final EventLoopGroup group;
    private final Channel channel;

    private FloorResponder(InetSocketAddress n4, InetAddress n3) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("the floor needs Netty's native epoll, as the agent uses it: "
                    + Epoll.unavailabilityCause());
        }
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            FloorInbound inbound = new FloorInbound(new EstablishmentTemplate(n4.getAddress().getAddress(),
                    n3.getAddress()), n4.getAddress());
            channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, PfcpNode.RECEIVE_BUFFER_BYTES)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(
                            PfcpNodeConfig.MAX_UDP_PAYLOAD + 1).respectMaybeMoreData(false)
                            .maxMessagesPerRead(PfcpNode.READ_BURST))
                    .handler(inbound).bind(n4).syncUninterruptibly().channel();
            channel.eventLoop().submit(() -> ThreadPriority.setSlice(0, SLICE)).syncUninterruptibly();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Serves at n4 (port 0: any), naming n3 as the UPF's N3 address in the F-TEIDs it hands out. */
    public static FloorResponder start(InetSocketAddress n4, InetAddress n3) {
        return new FloorResponder(n4, n3);
    }

    /** The arguments of {@link #main}: serve at n4 on port 8805, name n3 in the F-TEIDs. */
    static List<String> arguments(String n4, String n3) {
        return List.of(FloorResponder.class.getName(), "--n4", n4, "--n3", n3);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** {@code --n4 ADDRESS --n3 ADDRESS}; serves on port 8805 of n4 until killed. */
    public static void main(String[] args) {
        if (args.length != 4 || !args[0].equals("--n4") || !args[2].equals("--n3")) {
            throw new IllegalArgumentException("usage: FloorResponder --n4 ADDRESS --n3 ADDRESS");
        }
        // As upf agent (AgentCommand): Netty's leak detector records a stack trace for one buffer in 128.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        FloorResponder floor = start(new InetSocketAddress(Addresses.parse(args[1]), PfcpNodeConfig.PFCP_PORT),
                Addresses.parse(args[3]));
        LOG.log(System.Logger.Level.INFO, "floor: serving PFCP on {0}", floor.localAddress());
        floor.channel.closeFuture().syncUninterruptibly();
    }
}
