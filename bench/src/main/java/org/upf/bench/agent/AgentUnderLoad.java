package org.upf.bench.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.upf.bpf.Netns;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.bpf.netns.VethPair;
import org.upf.control.agent.UpfAgent;
import org.upf.control.config.ConfigLoader;
import org.upf.lab.smf.SmfEmulator;

/**
 * The agent with maps sized for n sessions and XDP on n3/n6 (veths to a peer namespace) in a throw-away UPF
 * namespace, and the SMF emulator on that namespace's loopback (127.0.0.2 -> agent at 127.0.0.1:8805). Nothing
 * leaves the namespaces; everything is removed on close, also after a failure.
 */
final class AgentUnderLoad implements AutoCloseable {
    static final String UPF_N4 = "127.0.0.1";
    static final String SMF_N4 = "127.0.0.2";
    /** The UPF's address on its N3 veth. */
    static final String UPF_N3 = "198.18.3.1";

    private final Topology topology;
    private final Set<Thread> agentThreads;
    private final SmfEmulator smf;
    private UpfAgent agent;

    private AgentUnderLoad(int sessions, String journalSync) {
        topology = Topology.create("sig");
        try {
            Map<String, Object> keys = config(sessions);
            if (journalSync != null) { // the journal in a throw-away directory, removed with the topology
                Path state = Files.createTempDirectory("upf-sig-state-");
                topology.track(() -> deleteTree(state));
                keys.put("state.directory", state.toString());
                keys.put("journal.sync", journalSync);
            }
            NetworkNamespace upf = upfNamespace(topology);
            Set<Thread> before = threads();
            agent = Netns.call(upf.name(), () -> UpfAgent.start(ConfigLoader.load(null, keys)));
            agentThreads = threads();
            agentThreads.removeAll(before);
            smf = topology.track(Netns.call(upf.name(), () -> SmfEmulator.start(new InetSocketAddress(SMF_N4, 0),
                    new InetSocketAddress(UPF_N4, 8805))));
        } catch (RuntimeException | IOException e) {
            close();
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    /**
     * The UPF namespace with lo up and veths n3/n6 to a peer namespace (198.18.3.0/24, 198.18.6.0/24), all owned
     * by topology.
     */
    static NetworkNamespace upfNamespace(Topology topology) {
        NetworkNamespace upf = topology.namespace("upf");
        NetworkNamespace peer = topology.namespace("peer");
        VethPair n3 = topology.veth(upf, "n3", peer, "n3p");
        VethPair n6 = topology.veth(upf, "n6", peer, "n6p");
        n3.a().address(UPF_N3 + "/24").up();
        n3.b().address("198.18.3.2/24").up();
        n6.a().address("198.18.6.1/24").up();
        n6.b().address("198.18.6.2/24").up();
        upf.ip("link", "set", "lo", "up");
        return upf;
    }

    /** journalSync: null for no journal (no state.directory), else the journal.sync mode. */
    static AgentUnderLoad start(int sessions, String journalSync) {
        return new AgentUnderLoad(sessions, journalSync);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /**
     * Maps sized for n sessions of the emulator's plan (2 PDRs, 2 FARs, 1 QER, 1 URR, one uplink TEID, one UE
     * IPv6 /64 each, in the dense downlink index) plus the reserved slot 0; no IPv4 or exact IPv6 UEs, so those maps
     * stay at their minimum.
     */
    static Map<String, Object> config(int n) {
        int teidBits = 32 - Integer.numberOfLeadingZeros(n); // 2^bits > n: n TEIDs plus the reserved slot 0
        Map<String, Object> keys = new HashMap<>(Map.of("n3.interface", "n3", "n6.interface", "n6",
                "n4.address", UPF_N4, "smf.allowed", List.of(SMF_N4),
                "ue.pools", List.of("internet=198.19.0.0/16"), "maps.teidSlotBits", String.valueOf(teidBits),
                "maps.eventRingBytes", "65536", "pfcp.heartbeatInterval", "0s"));
        keys.put("maps.sessions", String.valueOf(n + 1));
        for (String m : List.of("pdrs", "fars")) {
            keys.put("maps." + m, String.valueOf(2 * n + 1));
        }
        for (String m : List.of("qers", "urrs", "ueIpv6Prefixes")) {
            keys.put("maps." + m, String.valueOf(n + 1));
        }
        keys.put("maps.ueIpv4", "2");
        keys.put("maps.ueIpv6", "2");
        // The emulator's UE /64s (SignallingBench.ue) in a dense range of 2^teidBits /64s, as an operator configures
        // for an SMF that allocates UE addresses itself; 256 more slots take in the first /24 of the pool.
        keys.put("maps.ueDenseRanges", "2001:db8::/" + (64 - teidBits));
        keys.put("maps.ueDenseSlots", String.valueOf((1 << teidBits) + 256));
        return keys;
    }

    SmfEmulator smf() {
        return smf;
    }

    UpfAgent agent() {
        return agent;
    }

    /**
     * CPU time (user + system) of the agent's event-loop threads: its PFCP node's loop does all session work
     * (decode, validation, map writes, encode, send); the GTP-U loop is idle here.
     */
    long eventLoopCpuNanos() {
        return cpuNanos(t -> t.getName().startsWith("multiThreadIoEventLoopGroup"));
    }

    /** CPU time of the agent's other threads (the usage poller, the control-event pump, ...). */
    long otherAgentCpuNanos() {
        return cpuNanos(t -> !t.getName().startsWith("multiThreadIoEventLoopGroup"));
    }

    /**
     * Heap bytes allocated so far by the agent's event-loop threads (HotSpot's per-thread TLAB accounting): what the
     * session work costs the garbage collector, independent of the host's load.
     */
    long eventLoopAllocatedBytes() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return agentThreads.stream().filter(t -> t.getName().startsWith("multiThreadIoEventLoopGroup"))
                .mapToLong(t -> mx.getThreadAllocatedBytes(t.getId())).filter(b -> b > 0).sum();
    }

    private long cpuNanos(Predicate<Thread> which) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return agentThreads.stream().filter(which).mapToLong(t -> mx.getThreadCpuTime(t.getId()))
                .filter(t -> t > 0).sum();
    }

    /** Kernel memory charged to the process's BPF maps: the sum of "memlock" over every map fd (fdinfo). */
    long mapMemlockBytes() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fdinfo"))) {
            long sum = 0;
            for (Path fd : fds.toList()) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(fd);
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (lines.stream().anyMatch(l -> l.startsWith("map_id:"))) {
                    sum += lines.stream().filter(l -> l.startsWith("memlock:"))
                            .mapToLong(l -> Long.parseLong(l.substring("memlock:".length()).trim())).sum();
                }
            }
            return sum;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The heap the agent holds: used heap after full collections with the agent running, minus the same after it
     * is closed and unreachable (the emulator's own session records stay in both).
     */
    long closeAgentMeasuringHeap() {
        long with = usedHeapAfterGc();
        agent.close();
        agent = null;
        // A usage poll still running holds every session until it ends.
        for (Thread t : agentThreads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the agent's threads", e);
            }
        }
        // Since Java 19 a terminated Thread keeps its Runnable (Thread.FieldHolder.task is final), which holds the
        // agent: drop them, or on Java 21+ the agent's heap would be counted in both readings.
        agentThreads.clear();
        return with - usedHeapAfterGc();
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static Set<Thread> threads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    @Override
    public void close() {
        try {
            if (agent != null) {
                agent.close();
                agent = null;
            }
        } finally {
            topology.close();
        }
    }
}
