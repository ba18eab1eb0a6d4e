package org.upf.control.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiConsumer;
import org.upf.bpf.dataplane.DataplaneConfig;

/**
 * Every configuration key: its dotted name (YAML nesting or a flag), whether start-up needs it, its default and
 * how its value is read. docs/configuration.md documents each one (a test keeps the two in step).
 */
public enum ConfigKey {
    N3_INTERFACE("n3.interface", true, null, (b, v) -> b.n3Name = Values.interfaceName(v)),
    N3_ADDRESS("n3.address", false, "first IPv4 address of n3.interface", (b, v) -> b.n3Address = Values.address(v)),
    N6_INTERFACE("n6.interface", true, null, (b, v) -> b.n6Name = Values.interfaceName(v)),
    N9_INTERFACE("n9.interface", false, "none (no N9)", (b, v) -> b.n9Name = Values.interfaceName(v)),
    N9_ADDRESS("n9.address", false, "first IPv4 address of n9.interface", (b, v) -> b.n9Address = Values.address(v)),
    N4_ADDRESS("n4.address", true, null, (b, v) -> b.n4Address = Values.address(v)),
    N4_PORT("n4.port", false, "8805", (b, v) -> b.n4Port = Values.integer(v, 1, 65535)),
    N4_NODE_ID("n4.nodeId", false, "n4.address", (b, v) -> b.nodeId = Values.nodeId(v)),
    SMF_ALLOWED("smf.allowed", true, null, (b, v) -> b.allowed = Values.allowList(v)),
    UE_POOLS("ue.pools", true, null, (b, v) -> b.pools = Values.pools(v)),
    PFCP_T1("pfcp.t1", false, "3s", (b, v) -> b.t1 = Values.positiveDuration(v)),
    PFCP_N1("pfcp.n1", false, "3", (b, v) -> b.n1 = Values.integer(v, 0, 100)),
    PFCP_HEARTBEAT_INTERVAL("pfcp.heartbeatInterval", false, "10s", (b, v) -> b.heartbeat = Values.duration(v)),
    MAPS_TEID_SLOT_BITS("maps.teidSlotBits", false, "20", (b, v) -> b.teidSlotBits = Values.integer(v, 1, 30)),
    MAPS_SESSIONS("maps.sessions", false, "1048576", (b, v) -> b.sessions = Values.mapSize(v)),
    MAPS_PDRS("maps.pdrs", false, "2097152", (b, v) -> b.pdrs = Values.mapSize(v)),
    MAPS_FARS("maps.fars", false, "2097152", (b, v) -> b.fars = Values.mapSize(v)),
    MAPS_QERS("maps.qers", false, "2097152", (b, v) -> b.qers = Values.mapSize(v)),
    MAPS_URRS("maps.urrs", false, "2097152", (b, v) -> b.urrs = Values.mapSize(v)),
    MAPS_UE_IPV4("maps.ueIpv4", false, "1048576", (b, v) -> b.ueIpv4 = Values.mapSize(v)),
    MAPS_UE_IPV6("maps.ueIpv6", false, "1048576", (b, v) -> b.ueIpv6 = Values.mapSize(v)),
    MAPS_UE_IPV6_PREFIXES("maps.ueIpv6Prefixes", false, "1048576", (b, v) -> b.ueIpv6Prefixes = Values.mapSize(v)),
    MAPS_UE_DENSE_SLOTS("maps.ueDenseSlots", false, "1048576",
            (b, v) -> b.ueDenseSlots = Values.integer(v, 1, DataplaneConfig.MAX_DENSE_SLOTS)),
    MAPS_UE_DENSE_RANGES("maps.ueDenseRanges", false, "none", (b, v) -> b.ueDenseRanges = Values.denseRanges(v)),
    MAPS_EVENT_RING_BYTES("maps.eventRingBytes", false, "4194304",
            (b, v) -> b.eventRingBytes = Values.powerOfTwo(v, 4096)),
    ROUTING_NEXT_HOP_TTL("routing.nextHopTtl", false, "1s", (b, v) -> {
        b.nextHopTtl = Values.nextHopTtl(v);
        b.nextHopTtlExplicit = true;
    }),
    ROUTING_WATCH_CHANGES("routing.watchChanges", false, "true", (b, v) -> b.watchRouting = Values.bool(v)),
    REPORTS_DOWNLINK_NOTIFY_INTERVAL("reports.downlinkNotifyInterval", false, "1s",
            (b, v) -> b.notifyInterval = Values.duration(v)),
    GTPU_ERROR_INDICATION_INTERVAL("gtpu.errorIndicationInterval", false, "1s",
            (b, v) -> b.errorIndicationInterval = Values.duration(v)),
    REPORTS_USAGE_POLL_INTERVAL("reports.usagePollInterval", false, "1s",
            (b, v) -> b.usagePoll = Values.positiveDuration(v)),
    METRICS_ADDRESS("metrics.address", false, "none (no metrics endpoint)",
            (b, v) -> b.metrics = Values.socketAddress(v)),
    API_ADDRESS("api.address", false, "none (no local API)",
            (b, v) -> b.api = Values.loopbackSocketAddress(v)),
    BPF_PIN_ROOT("bpf.pinRoot", false, "none (maps are not pinned)", (b, v) -> b.pinRoot = Values.directory(v)),
    BPF_RUN_STATS("bpf.runStats", false, "false", (b, v) -> b.runStats = Values.bool(v)),
    ASSOCIATIONS_PEER_RESTART("associations.peerRestart", false, "delete",
            (b, v) -> b.peerRestart = PeerRestart.parse(Values.text(v))),
    ASSOCIATIONS_RELEASE_ON_SHUTDOWN("associations.releaseOnShutdown", false, "3s (0s with state.directory)",
            (b, v) -> b.releaseOnShutdown = Values.duration(v)),
    STATE_DIRECTORY("state.directory", false, "none (sessions are not kept across restarts)",
            (b, v) -> b.stateDirectory = Values.directory(v)),
    JOURNAL_SYNC("journal.sync", false, "batch", (b, v) -> b.journalSync = Values.journalSync(v)),
    JOURNAL_COMPACT_ABOVE("journal.compactAbove", false, "64MiB",
            (b, v) -> b.journalCompactAbove = Values.journalSize(v)),
    THREADS_BACKGROUND_NICE("threads.backgroundNice", false, "10",
            (b, v) -> b.backgroundNice = Values.integer(v, 0, 19)),
    THREADS_PFCP_SLICE("threads.pfcpSlice", false, "100us", (b, v) -> b.pfcpSlice = Values.slice(v));

    private final String key;
    private final boolean required;
    private final String defaultText;
    private final BiConsumer<ConfigLoader.Builder, JsonNode> reader;

    ConfigKey(String key, boolean required, String defaultText, BiConsumer<ConfigLoader.Builder, JsonNode> reader) {
        this.key = key;
        this.required = required;
        this.defaultText = defaultText;
        this.reader = reader;
    }

    public String key() {
        return key;
    }

    public boolean required() {
        return required;
    }

    /** The default as documented, or null for required keys. */
    public String defaultText() {
        return defaultText;
    }

    /** Reads value into b; a bad value throws IllegalArgumentException with the problem (the loader adds the key). */
    void read(ConfigLoader.Builder b, JsonNode value) {
        reader.accept(b, value);
    }

    public static ConfigKey forKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }
}
