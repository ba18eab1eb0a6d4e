package org.upf.control.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.control.session.JournalSync;

/**
 * The agent's validated configuration ({@link ConfigLoader} builds it from YAML and flags; every key is described
 * in docs/configuration.md).
 *
 * @param n9            N9 interface, or null when the UPF has no N9
 * @param nodeId        this UPF's Node ID (an IP address or FQDN, TS 29.244 §8.2.38)
 * @param allowedSmfs   peers allowed to set up an association
 * @param pinRoot       bpffs directory keeping the maps, or null to pin nothing
 * @param metrics       address of the Prometheus /metrics endpoint, or null for none
 * @param errorIndicationInterval at most one GTP-U Error Indication per peer per this interval (0: no limit)
 * @param api           loopback address of the local JSON API for the operator tools, or null for none
 * @param runStats      whether the kernel counts BPF program run time while the agent runs
 * @param usagePoll     how often the URR counters are read for threshold, quota and periodic usage reports
 * @param stateDirectory where the agent keeps its journal of associations and sessions, or null for none
 * @param peerRestart   what happens to the sessions of a CP function that restarted
 * @param releaseOnShutdown how long a stopping agent (SIGTERM) waits for its SMFs to release their associations
 *                      after asking them to (0: it does not ask)
 * @param journalSync   when journal records reach the disk (fdatasync per record, per burst of requests, never)
 * @param journalCompactAbove journal size in octets from which it is compacted while running (0: only at start-up)
 * @param routing       how the next-hop cache follows routing changes
 * @param backgroundNice nice value of the JVM's concurrent GC threads and the agent's background threads (0: left)
 * @param pfcpSlice     time slice the PFCP event loop asks the kernel for (0: the kernel's default)
 */
public record AgentConfig(InterfaceConfig n3, InterfaceConfig n6, InterfaceConfig n9, InetSocketAddress n4,
                          String nodeId, SmfAllowList allowedSmfs, List<UePoolConfig> uePools,
                          DataplaneConfig dataplane, Duration t1, int n1, Duration heartbeatInterval, Path pinRoot,
                          InetSocketAddress metrics, Duration errorIndicationInterval, InetSocketAddress api,
                          boolean runStats, Duration usagePoll, Path stateDirectory, PeerRestart peerRestart,
                          Duration releaseOnShutdown, JournalSync journalSync, long journalCompactAbove,
                          RoutingConfig routing, int backgroundNice, Duration pfcpSlice) {
    public AgentConfig {
        uePools = List.copyOf(uePools);
    }
}
