package org.upf.lab;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.upf.bpf.Netns;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.bpf.netns.VethPair;
import org.upf.control.agent.UpfAgent;
import org.upf.control.config.ConfigLoader;

/**
 * The lab's namespaces and links, addresses in 198.18.0.0/15 and 2001:db8::/32:
 *
 * <pre>
 *   smf ns:  n4s 198.18.0.1  2001:db8:0::1     (SMF emulator, PFCP)
 *              | N4
 *   upf ns:  n4  198.18.0.2  2001:db8:0::2     (agent, PFCP on 8805)
 *            n3  198.18.3.1  2001:db8:3::1 [XDP]            n6 198.18.6.1 2001:db8:6::1 [XDP]
 *              | N3                                           | N6
 *   gnb ns:  n3g 198.18.3.2 (gNB 1), 198.18.3.3 (gNB 2)     dn ns: n6d 198.18.6.2 2001:db8:6::2
 *            GTP-U sockets on 2152                                 routes 198.19.0.0/16 and 2001:db8:200::/48 via the
 *                                                                  UPF, UDP echo
 * </pre>
 *
 * Both gNBs share the gNB namespace and its link (two N3 addresses), so a handover moves the downlink tunnel
 * between two GTP-U endpoints without a bridge. Everything is removed on {@link #close()}, also after a failure;
 * {@link org.upf.bpf.netns.Leftovers#cleanup()} removes what a crashed run left.
 */
public final class LabTopology implements AutoCloseable {
    public static final String SMF_N4 = "198.18.0.1";
    public static final String UPF_N4 = "198.18.0.2";
    public static final String UPF_N3 = "198.18.3.1";
    public static final String GNB1 = "198.18.3.2";
    public static final String GNB2 = "198.18.3.3";
    public static final String UPF_N6 = "198.18.6.1";
    public static final String DN = "198.18.6.2";
    public static final String DN_V6 = "2001:db8:6::2";
    public static final String UPF_N6_V6 = "2001:db8:6::1";
    public static final String UE_POOL = "198.19.0.0/16";
    /** Each IPv6 UE owns a /64 of it (TS 23.501 §5.8.2.2.2). */
    public static final String UE_POOL_V6 = "2001:db8:200::/48";
    public static final String DNN = "internet";
    public static final int PFCP_PORT = 8805;

    private final Topology topology;
    private final NetworkNamespace smf;
    private final NetworkNamespace gnb;
    private final NetworkNamespace upf;
    private final NetworkNamespace dn;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Thread shutdownHook;

    private LabTopology(String purpose) {
        topology = Topology.create(purpose);
        try {
            smf = topology.namespace("smf");
            gnb = topology.namespace("gnb");
            upf = topology.namespace("upf");
            dn = topology.namespace("dn");
            VethPair n4 = topology.veth(smf, "n4s", upf, "n4");
            n4.a().address(SMF_N4 + "/24").address("2001:db8::1/64").up();
            n4.b().address(UPF_N4 + "/24").address("2001:db8::2/64").up();
            VethPair n3 = topology.veth(gnb, "n3g", upf, "n3");
            // XDP_REDIRECT into a veth needs GRO (or an XDP program) on its peer.
            n3.a().address(GNB1 + "/24").address(GNB2 + "/24").address("2001:db8:3::2/64").up().gro(true);
            n3.b().address(UPF_N3 + "/24").address("2001:db8:3::1/64").up();
            VethPair n6 = topology.veth(upf, "n6", dn, "n6d");
            n6.a().address(UPF_N6 + "/24").address(UPF_N6_V6 + "/64").up();
            n6.b().address(DN + "/24").address(DN_V6 + "/64").up().gro(true).route(UE_POOL, UPF_N6)
                    .route(UE_POOL_V6, UPF_N6_V6);
            // The data path resolves next hops from the kernel's neighbour table: make them known from the start.
            String gnbMac = n3.a().mac().toString();
            n3.b().neighbour(GNB1, gnbMac).neighbour(GNB2, gnbMac);
            String dnMac = n6.b().mac().toString();
            n6.a().neighbour(DN, dnMac).neighbour(DN_V6, dnMac);
            n6.b().neighbour(UPF_N6_V6, n6.a().mac().toString());
            n3.a().neighbour(UPF_N3, n3.b().mac().toString());
            upf.sysctl("net.ipv4.ip_forward", "1");
            upf.sysctl("net.ipv6.conf.all.forwarding", "1");
            for (NetworkNamespace ns : List.of(smf, gnb, upf, dn)) {
                ns.ip("link", "set", "lo", "up");
            }
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    /** Creates the namespaces (named upf-PURPOSE-ROLE-RANDOM) and links. */
    public static LabTopology create(String purpose) {
        return new LabTopology(purpose);
    }

    public NetworkNamespace smf() {
        return smf;
    }

    public NetworkNamespace gnb() {
        return gnb;
    }

    public NetworkNamespace upf() {
        return upf;
    }

    public NetworkNamespace dn() {
        return dn;
    }

    /**
     * The agent's configuration for this topology, as {@code upf agent} flags/keys (docs/configuration.md), with map
     * sizes for up to 10 000 lab sessions of the SMF emulator's shape (4 PDRs, 2 FARs, 2 QERs, 1 URR each).
     */
    public static Map<String, Object> agentConfig() {
        Map<String, Object> keys = new HashMap<>(Map.of("n3.interface", "n3", "n6.interface", "n6",
                "n4.address", UPF_N4, "smf.allowed", List.of(SMF_N4), "ue.pools", List.of(DNN + "=" + UE_POOL, DNN + "=" + UE_POOL_V6),
                "maps.teidSlotBits", "14", "maps.eventRingBytes", "262144"));
        Map<String, Integer> sizes = Map.of("sessions", 16384, "pdrs", 65536, "fars", 32768, "qers", 32768,
                "urrs", 16384, "ueIpv4", 16384, "ueIpv6", 1024, "ueIpv6Prefixes", 1024);
        sizes.forEach((map, size) -> keys.put("maps." + map, Integer.toString(size)));
        return keys;
    }

    /**
     * The address of lab UE number i (0-based): 198.19.0.1 + i, or for an IPv6 UE an address in its own /64,
     * 2001:db8:200:(i + 1)::1.
     */
    public static InetAddress ue(int i, boolean ipv6) {
        if (i < 0 || i >= 0xfffe) {
            throw new IllegalArgumentException("UE number out of range: " + i);
        }
        return ipv6 ? Addresses.parse("2001:db8:200:" + Integer.toHexString(i + 1) + "::1")
                : Addresses.plus(Addresses.parse("198.19.0.1"), i);
    }

    /** The data network host's address of the UE's family. */
    public static String dnFor(InetAddress ue) {
        return ue instanceof Inet6Address ? DN_V6 : DN;
    }

    /** Starts the agent (XDP on n3/n6, PFCP on UPF_N4) in the UPF namespace; stopped with the topology. */
    public UpfAgent startAgent(Map<String, Object> overrides) {
        Map<String, Object> keys = agentConfig();
        keys.putAll(overrides);
        return topology.track(in(upf, () -> UpfAgent.start(ConfigLoader.load(null, keys))));
    }

    /** Runs task on a thread in ns; sockets and threads it creates stay in ns. */
    public static <T> T in(NetworkNamespace ns, Callable<T> task) {
        return Netns.call(ns.name(), task);
    }

    /** Hands a resource (emulator, socket) to the topology, closed before the namespaces go. */
    public <T extends AutoCloseable> T track(T resource) {
        return topology.track(resource);
    }

    /** Also closes the lab when the JVM is stopped (Ctrl-C, SIGTERM) before {@link #close()} ran. */
    public synchronized LabTopology closeOnExit() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::closeOnce, "lab-teardown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /** Removes everything (once; later calls do nothing). */
    @Override
    public void close() {
        Thread hook;
        synchronized (this) {
            hook = shutdownHook;
        }
        if (hook != null && hook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) and closes the lab
            }
        }
        closeOnce();
    }

    private void closeOnce() {
        if (closed.compareAndSet(false, true)) {
            topology.close();
        }
    }
}
