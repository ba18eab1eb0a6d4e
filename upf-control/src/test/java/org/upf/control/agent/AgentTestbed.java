package org.upf.control.agent;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.upf.bpf.Netns;
import org.upf.bpf.dataplane.GnbUpfDn;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.control.config.ConfigLoader;

/**
 * A running agent between a gNB namespace and a data-network namespace, configured by flags as an operator would:
 *
 * <pre>
 *   gnb ns: n3g 198.18.3.2 (UDP socket on 2152)
 *       |  veth
 *   upf ns: n3 198.18.3.1 [XDP]   lo 127.0.0.1 (PFCP on 8805)   n6 198.18.6.1 [XDP]
 *                                                                   |  veth
 *   dn ns:  n6d 198.18.6.2 (UDP echo port 7000), route 198.19.200.0/24 via the UPF
 * </pre>
 */
final class AgentTestbed implements AutoCloseable {
    static final String GNB = GnbUpfDn.GNB;
    static final String UPF_N3 = GnbUpfDn.UPF_N3;
    static final String UPF_N6 = GnbUpfDn.UPF_N6;
    static final String DN = GnbUpfDn.DN;
    static final String UE_POOL = GnbUpfDn.UE_POOL;
    static final int ECHO_PORT = 7000;

    final Topology topology;
    final NetworkNamespace gnb;
    final NetworkNamespace upf;
    final NetworkNamespace dn;
    /** The running agent, null once {@link #stopAgent()} stopped it. */
    UpfAgent agent;
    /** The agent's configuration keys, for an agent process. */
    final Map<String, Object> keys;
    final DatagramSocket gnbSocket;
    final DatagramSocket echo;

    /** extra: configuration keys added to (or replacing) the defaults below. */
    AgentTestbed(Map<String, Object> extra) {
        this(extra, false);
    }

    /**
     * keepState: the maps and links are pinned under the topology's pin root and the agent keeps its journal in
     * a state directory there too, so another agent process takes over without loss.
     */
    AgentTestbed(Map<String, Object> extra, boolean keepState) {
        topology = Topology.create("agent");
        try {
            GnbUpfDn net = new GnbUpfDn(topology);
            gnb = net.gnb;
            upf = net.upf;
            dn = net.dn;
            upf.ip("link", "set", "lo", "up");

            keys = new HashMap<>(Map.of("n3.interface", "n3", "n6.interface", "n6",
                    "n4.address", "127.0.0.1", "smf.allowed", List.of("127.0.0.1"),
                    "ue.pools", List.of("internet=" + UE_POOL), "maps.teidSlotBits", "8",
                    "maps.eventRingBytes", "65536", "pfcp.heartbeatInterval", "0s"));
            for (String m : List.of("sessions", "pdrs", "fars", "qers", "urrs", "ueIpv4", "ueIpv6", "ueIpv6Prefixes")) {
                keys.put("maps." + m, "256");
            }
            keys.put("maps.ueDenseSlots", "131072"); // the pool and a /48 of /64s (not the default 1M: 104 MiB)
            if (keepState) {
                java.nio.file.Path state = java.nio.file.Files.createTempDirectory("upf-agent-state-");
                topology.track(() -> deleteTree(state));
                keys.put("bpf.pinRoot", topology.pinRoot().toString());
                keys.put("state.directory", state.toString());
            }
            keys.putAll(extra);
            agent = startAgent();
            gnbSocket = topology.track(Netns.call(gnb.name(),
                    () -> new DatagramSocket(new InetSocketAddress(GNB, 2152))));
            echo = topology.track(Netns.call(dn.name(), () -> new DatagramSocket(new InetSocketAddress(DN, ECHO_PORT))));
        } catch (RuntimeException | java.io.IOException e) {
            stopAgent();
            topology.close();
            throw e instanceof RuntimeException r ? r : new java.io.UncheckedIOException((java.io.IOException) e);
        }
    }

    private UpfAgent startAgent() {
        return Netns.call(upf.name(), () -> UpfAgent.start(ConfigLoader.load(null, keys)));
    }

    /** Stops the agent; with keepState the data path goes on forwarding. */
    void stopAgent() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    /** Stops the agent and starts a new one in its place (with keepState: same maps, links and journal). */
    void restartAgent() {
        stopAgent();
        startAgentAgain();
    }

    /**
     * With keepState and no agent running: clears the pinned URR marks (upf_urract_v1), as a poller that drained them
     * and then stopped would have. Returns how many bitmap words had marks.
     */
    int drainPinnedUrrMarks() {
        try (org.upf.bpf.BpfMap map = org.upf.bpf.BpfMap.openPinned(topology.pinRoot().resolve(
                org.upf.bpf.dataplane.ActiveUrrs.MAP))) {
            java.nio.ByteBuffer words = map.mmap();
            try {
                int set = 0;
                for (int at = 0; at + Long.BYTES <= words.capacity(); at += Long.BYTES) {
                    if (words.getLong(at) != 0) {
                        words.putLong(at, 0);
                        set++;
                    }
                }
                return set;
            } finally {
                org.upf.bpf.BpfMap.unmap(words);
            }
        }
    }

    /** Starts a new agent after {@link #stopAgent} (with keepState: same maps, links and journal). */
    void startAgentAgain() {
        agent = startAgent();
    }

    private static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    /** A UDP socket on the UPF namespace's loopback, at address (127.0.0.0/8), to play a PFCP peer. */
    DatagramSocket n4Peer(String address) {
        return topology.track(Netns.call(upf.name(), () -> new DatagramSocket(new InetSocketAddress(address, 0))));
    }

    @Override
    public void close() {
        try {
            stopAgent();
        } finally {
            topology.close();
        }
    }
}
