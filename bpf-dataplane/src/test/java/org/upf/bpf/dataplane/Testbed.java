package org.upf.bpf.dataplane;

import java.util.ArrayList;
import java.util.List;
import org.upf.bpf.CpuAffinity;
import org.upf.bpf.Netns;
import org.upf.bpf.TestRunRequest;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.bpf.netns.VethPair;

/**
 * A UPF namespace with an N3, an N9 and an N6 veth, addresses, routes and permanent neighbours, so bpf_fib_lookup
 * in BPF_PROG_TEST_RUN (ingress ifindex in the context) resolves real next hops, and a loaded {@link Dataplane}
 * whose N9 interface (for the interface counters) is the N9 veth.
 *
 * <pre>
 *   gNB 198.18.3.2 / 2001:db8:3::2 (GNB_MAC) ── n3peer|n3 UPF_N3_MAC 198.18.3.1 / 2001:db8:3::1
 *   peer UPF 198.18.9.2 (PEER_UPF_MAC) ── n9peer|n9 UPF_N9_MAC 198.18.9.1
 *   DN router 198.18.6.2 / 2001:db8:6::2 (DN_MAC) ── n6peer|n6 UPF_N6_MAC 198.18.6.1 / 2001:db8:6::1
 *   DN hosts 198.19.100.0/24 and 2001:db8:100::/64 via the DN router
 * </pre>
 */
final class Testbed implements AutoCloseable {
    static final String UPF_N3_MAC = "02:00:00:00:03:01";
    static final String GNB_MAC = "02:00:00:00:03:02";
    static final String UPF_N6_MAC = "02:00:00:00:06:01";
    static final String DN_MAC = "02:00:00:00:06:02";
    static final String UPF_N9_MAC = "02:00:00:00:09:01";
    static final String PEER_UPF_MAC = "02:00:00:00:09:02";
    static final String UPF_N9 = "198.18.9.1";
    static final String PEER_UPF = "198.18.9.2";
    static final String UPF_N3 = "198.18.3.1";
    static final String GNB = "198.18.3.2";
    static final String UPF_N3_V6 = "2001:db8:3::1";
    static final String GNB_V6 = "2001:db8:3::2";
    static final String UPF_N6 = "198.18.6.1";
    static final String DN_GW = "198.18.6.2";
    static final String DN_GW_V6 = "2001:db8:6::2";
    static final String DN_HOST = "198.19.100.10";
    static final String DN_HOST_V6 = "2001:db8:100::10";
    /** A gNB address on the N3 subnet without a neighbour entry. */
    static final String GNB_UNRESOLVED = "198.18.3.99";

    final Topology topology;
    final NetworkNamespace ns;
    final Dataplane dp;
    final int n3;
    final int n9;
    final int n6;
    private final List<ControlEvent> events = new ArrayList<>();

    Testbed() {
        this(DataplaneConfig.small(8));
    }

    Testbed(DataplaneConfig config) {
        topology = Topology.create("xdp");
        try {
            ns = topology.namespace("upf");
            VethPair p3 = topology.veth(ns, "n3", ns, "n3peer");
            p3.b().mac(GNB_MAC).up();
            p3.a().mac(UPF_N3_MAC).address(UPF_N3 + "/24").address(UPF_N3_V6 + "/64").up()
                    .neighbour(GNB, GNB_MAC).neighbour(GNB_V6, GNB_MAC);
            VethPair p9 = topology.veth(ns, "n9", ns, "n9peer");
            // IPv4 only: no link-local addresses, whose late DAD events would reach the route watcher tests.
            ns.sysctl("net.ipv6.conf.n9.disable_ipv6", "1");
            ns.sysctl("net.ipv6.conf.n9peer.disable_ipv6", "1");
            p9.b().mac(PEER_UPF_MAC).up();
            p9.a().mac(UPF_N9_MAC).address(UPF_N9 + "/24").up().neighbour(PEER_UPF, PEER_UPF_MAC);
            VethPair p6 = topology.veth(ns, "n6", ns, "n6peer");
            p6.b().mac(DN_MAC).up();
            p6.a().mac(UPF_N6_MAC).address(UPF_N6 + "/24").address("2001:db8:6::1/64").up()
                    .neighbour(DN_GW, DN_MAC).neighbour(DN_GW_V6, DN_MAC)
                    .route("198.19.100.0/24", DN_GW).route("2001:db8:100::/64", DN_GW_V6);
            ns.sysctl("net.ipv4.ip_forward", "1");
            ns.sysctl("net.ipv6.conf.all.forwarding", "1");
            n3 = p3.a().ifindex();
            n6 = p6.a().ifindex();
            n9 = p9.a().ifindex();
            dp = topology.track(Dataplane.load(config, null));
            dp.n9Interface(n9);
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    /** Runs role's program once on frame as if it arrived on role's interface (N3N6: the N3 veth; N9: the N9 veth). */
    TestRunResult run(Dataplane.Role role, byte[] frame) {
        return Netns.call(ns.name(), () -> testRun(role, frame));
    }

    /** {@link #run}, on CPU cpu: the next-hop cache is per CPU. */
    TestRunResult runOnCpu(int cpu, Dataplane.Role role, byte[] frame) {
        return Netns.call(ns.name(), () -> {
            CpuAffinity.pinCurrentThread(cpu);
            return testRun(role, frame);
        });
    }

    /** Runs task in the testbed's namespace, where {@link #testRun} may be called (no namespace switch per run). */
    <T> T inNamespace(java.util.concurrent.Callable<T> task) {
        return Netns.call(ns.name(), task);
    }

    /** {@link #run} for a thread already in the namespace ({@link #inNamespace}). */
    TestRunResult testRun(Dataplane.Role role, byte[] frame) {
        int ifindex = role == Dataplane.Role.N6 ? n6 : role == Dataplane.Role.N9 ? n9 : n3;
        return dp.program(role).testRun(TestRunRequest.builder(frame).ingressIfindex(ifindex).build());
    }

    long drops(DropReason reason) {
        return dp.drops().get(reason).packets();
    }

    long controlPath(CpReason reason) {
        return dp.controlPath().get(reason).packets();
    }

    /** Events received so far (polls the ring first). */
    List<ControlEvent> events() {
        dp.pollEvents(0, events::add);
        return List.copyOf(events);
    }

    @Override
    public void close() {
        topology.close();
    }
}
