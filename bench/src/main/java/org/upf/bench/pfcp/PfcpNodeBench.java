package org.upf.bench.pfcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.upf.bench.Figure;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.node.PeerEventListener;
import org.upf.pfcp.node.PfcpNode;
import org.upf.pfcp.node.PfcpNodeConfig;
import org.upf.pfcp.node.PfcpRequestRouter;

/**
 * PFCP transactions per second between two {@link PfcpNode}s over loopback UDP: the SMF side sends the captured
 * Session Modification Request, the UPF side decodes it, checks it against its duplicate cache, answers
 * "Request accepted" and caches the answer; the SMF side matches the response and stops its T1 timer. Either
 * one request at a time (bound by the round-trip latency) or {@value #WINDOW} outstanding at once; scores are
 * transactions per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PfcpNodeBench {
    static final int WINDOW = 64;

    private PfcpNode upf;
    private PfcpNode smf;
    private InetSocketAddress upfAddress;
    private PfcpMessage request;
    private CompletableFuture<?>[] pending;

    @Setup(Level.Trial)
    public void setUp() {
        PfcpNodeConfig cfg = PfcpNodeConfig.defaults()
                .withBindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withNodeId(NodeId.fqdn("node.bench"));
        PfcpRequestRouter answer = new PfcpRequestRouter().on(PfcpMessageType.SESSION_MODIFICATION_REQUEST,
                (req, peer) -> CompletableFuture.completedFuture(req.responseBuilder().seid(req.seid())
                        .cause(PfcpCause.REQUEST_ACCEPTED).build()));
        upf = PfcpNode.start(cfg, answer, PeerEventListener.NONE);
        smf = PfcpNode.start(cfg, new PfcpRequestRouter(), PeerEventListener.NONE);
        upfAddress = upf.localAddress();
        request = PfcpCodec.decode(CapturedMessages.load(CapturedMessages.SESSION_MODIFICATION));
        pending = new CompletableFuture<?>[WINDOW];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        smf.close();
        upf.close();
    }

    @Benchmark
    @Figure(name = "pfcp.node.transactions.sequential", unit = "tx/s")
    public PfcpMessage sequential() throws Exception {
        return smf.send(request, upfAddress).get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    @Figure(name = "pfcp.node.transactions.window64", unit = "tx/s")
    @Figure(name = "pfcp.node.transactions.window64.alloc", metric = "gc.alloc.rate.norm", unit = "B/tx")
    public void windowed() throws Exception {
        for (int i = 0; i < WINDOW; i++) {
            pending[i] = smf.send(request, upfAddress);
        }
        CompletableFuture.allOf(pending).get(10, TimeUnit.SECONDS);
    }
}
