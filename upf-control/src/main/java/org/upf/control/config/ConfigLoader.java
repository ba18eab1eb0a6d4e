package org.upf.control.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.bpf.dataplane.DenseRange;
import org.upf.control.session.JournalSync;

/**
 * Builds the {@link AgentConfig} from an optional YAML file and flags: nested YAML maps become dotted keys
 * ({@code n4: {address: ...}} is {@code n4.address}), flags override the file, every key is checked against
 * {@link ConfigKey} and read, and the whole is validated against this host (interfaces must exist in the agent's
 * network namespace, configured addresses must be on them). The first problem stops start-up with a
 * {@link ConfigException} naming the key.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** file may be null (flags only); overrides maps dotted keys to values (a List for repeated flags). */
    public static AgentConfig load(Path file, Map<String, ?> overrides) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (file != null) {
            flatten("", readYaml(file), values);
        }
        overrides.forEach((k, v) -> values.put(k, node(v)));
        Builder b = new Builder();
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            ConfigKey key = ConfigKey.forKey(e.getKey());
            if (key == null) {
                throw ConfigException.unknownKey(e.getKey());
            }
            try {
                key.read(b, e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(key.key(), ex.getMessage());
            }
        }
        for (ConfigKey k : ConfigKey.values()) {
            if (k.required() && !values.containsKey(k.key())) {
                throw new ConfigException(k.key(), "missing (required; set it in the file or with its flag)");
            }
        }
        return b.build();
    }

    private static JsonNode readYaml(Path file) {
        try {
            JsonNode root = new YAMLMapper().readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!root.isObject()) {
                throw ConfigException.unreadable(file.toString(), "the top level must be a map of keys");
            }
            return root;
        } catch (JacksonException e) {
            throw ConfigException.unreadable(file.toString(), e.getOriginalMessage());
        } catch (IOException e) {
            throw ConfigException.unreadable(file.toString(), e.toString());
        }
    }

    /** Maps recurse into dotted keys; lists and scalars are values (ue.pools and smf.allowed are lists). */
    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject() && ConfigKey.forKey(prefix) == null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }

    private static JsonNode node(Object v) {
        if (v instanceof List<?> list) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            list.forEach(e -> a.add(String.valueOf(e)));
            return a;
        }
        return TextNode.valueOf(String.valueOf(v));
    }

    /** Values as read; {@link #build()} applies defaults and host checks. */
    static final class Builder {
        String n3Name;
        InetAddress n3Address;
        String n6Name;
        String n9Name;
        InetAddress n9Address;
        InetAddress n4Address;
        int n4Port = 8805;
        String nodeId;
        SmfAllowList allowed;
        List<UePoolConfig> pools;
        Duration t1 = Duration.ofSeconds(3);
        int n1 = 3;
        Duration heartbeat = Duration.ofSeconds(10);
        private final DataplaneConfig d = DataplaneConfig.defaults();
        int teidSlotBits = d.teidSlotBits();
        int sessions = d.sessions();
        int pdrs = d.pdrs();
        int fars = d.fars();
        int qers = d.qers();
        int urrs = d.urrs();
        int ueIpv4 = d.ueIpv4();
        int ueIpv6 = d.ueIpv6();
        int ueIpv6Prefixes = d.ueIpv6Prefixes();
        // Every UE value has a slot: the pools' (dense) ones and those of the UEs found by hash or trie (an SMF's own
        // addresses). 2^20 as the other 1M defaults; preallocated whatever the pools: 2 x 104 MiB (docs/configuration.md).
        int ueDenseSlots = 1 << 20;
        List<DenseRange> ueDenseRanges = List.of();
        int eventRingBytes = d.eventRingBytes();
        Duration notifyInterval = d.notifyInterval();
        Duration nextHopTtl = d.nextHopTtl();
        boolean nextHopTtlExplicit;
        boolean watchRouting = true;
        Duration errorIndicationInterval = Duration.ofSeconds(1);
        Duration usagePoll = Duration.ofSeconds(1);
        Path pinRoot;
        Path stateDirectory;
        JournalSync journalSync = JournalSync.BATCH;
        long journalCompactAbove = 64L << 20;
        InetSocketAddress metrics;
        InetSocketAddress api;
        boolean runStats;
        PeerRestart peerRestart = PeerRestart.DELETE;
        Duration releaseOnShutdown;
        int backgroundNice = 10;
        Duration pfcpSlice = Duration.ofNanos(100_000);

        AgentConfig build() {
            InterfaceConfig n3 = onHost("n3", n3Name, n3Address);
            InterfaceConfig n6 = onHost("n6", n6Name, null);
            InterfaceConfig n9 = n9Name == null ? null : onHost("n9", n9Name, n9Address);
            if (n9Name == null && n9Address != null) {
                throw new ConfigException("n9.address", "set without n9.interface");
            }
            try { // only the explicit ranges can be refused: pools are fitted
                DataplaneConfig.small(1).withDenseRanges(UeDenseRanges.of(ueDenseRanges, List.of(), ueDenseSlots),
                        ueDenseSlots);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ConfigKey.MAPS_UE_DENSE_RANGES.key(), e.getMessage());
            }
            DataplaneConfig dp = new DataplaneConfig(teidSlotBits, sessions, pdrs, fars, qers, urrs, ueIpv4, ueIpv6,
                    ueIpv6Prefixes, eventRingBytes, notifyInterval, nextHopTtl,
                    UeDenseRanges.of(ueDenseRanges, pools, ueDenseSlots), ueDenseSlots);
            UeDenseRanges.requireHashedSlots(dp);
            return new AgentConfig(n3, n6, n9, new InetSocketAddress(n4Address, n4Port),
                    nodeId != null ? nodeId : n4Address.getHostAddress(), allowed, pools, dp, t1, n1, heartbeat,
                    pinRoot, metrics, errorIndicationInterval, api, runStats, usagePoll, stateDirectory,
                    peerRestart, releaseOnShutdown != null ? releaseOnShutdown
                            // a stop with a journal is likely a restart without loss: the SMFs keep their sessions
                            : stateDirectory != null ? Duration.ZERO : Duration.ofSeconds(3),
                    journalSync, journalCompactAbove, new RoutingConfig(watchRouting, nextHopTtlExplicit),
                    backgroundNice, pfcpSlice);
        }

        /** The interface must exist here; address (default: its first IPv4 address) must be one of its own. */
        private static InterfaceConfig onHost(String role, String name, InetAddress address) {
            NetworkInterface nif;
            try {
                nif = NetworkInterface.getByName(name);
            } catch (SocketException e) {
                nif = null;
            }
            if (nif == null) {
                throw new ConfigException(role + ".interface", "no such interface \"" + name + "\"");
            }
            List<InetAddress> own = Collections.list(nif.getInetAddresses());
            if (address == null) {
                address = own.stream().filter(a -> a instanceof Inet4Address).findFirst().orElse(null);
                if (address == null && !role.equals("n6")) {
                    throw new ConfigException(role + ".address", "not set and interface \"" + name
                            + "\" has no IPv4 address");
                }
            } else if (own.stream().noneMatch(address::equals)) {
                throw new ConfigException(role + ".address", address.getHostAddress() + " is not an address of "
                        + "interface \"" + name + "\"");
            }
            return new InterfaceConfig(name, address);
        }
    }
}
