package org.upf.control.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.bpf.dataplane.DenseRange;

/** Configuration from YAML and flags against this host's interfaces ("lo" always exists). */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static Map<String, Object> essentials() {
        Map<String, Object> m = new HashMap<>();
        m.put("n3.interface", "lo");
        m.put("n6.interface", "lo");
        m.put("n4.address", "127.0.0.1");
        m.put("smf.allowed", List.of("127.0.0.0/8"));
        m.put("ue.pools", List.of("internet=198.19.0.0/16", "internet=2001:db8:200::/48"));
        return m;
    }

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("upf.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void essentialKeysWorkAsFlagsAlone() throws Exception {
        AgentConfig c = ConfigLoader.load(null, essentials());
        assertThat(c.n3().name()).isEqualTo("lo");
        assertThat(c.n3().address()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(c.n4().getPort()).isEqualTo(8805);
        assertThat(c.nodeId()).isEqualTo("127.0.0.1");
        assertThat(c.uePools()).hasSize(1);
        assertThat(c.uePools().get(0).name()).isEqualTo("internet");
        assertThat(c.uePools().get(0).ipv4().toString()).isEqualTo("198.19.0.0/16");
        assertThat(c.uePools().get(0).ipv6().toString()).isEqualTo("2001:db8:200:0:0:0:0:0/48");
        assertThat(c.allowedSmfs().allows(InetAddress.getByName("127.0.0.5"), null)).isTrue();
        assertThat(c.allowedSmfs().allows(InetAddress.getByName("198.18.0.1"), null)).isFalse();
        assertThat(c.routing()).as("watching, TTL not explicit").isEqualTo(new RoutingConfig(true, false));
    }

    @Test
    void yamlFileWithNestedKeysAndFlagsOverriding() throws Exception {
        Path f = yaml("""
                n3: {interface: lo, address: 127.0.0.1}
                n6: {interface: lo}
                n4: {address: 127.0.0.1, port: 8806, nodeId: upf1.example.org}
                smf:
                  allowed: [127.0.0.1, smf.example.org]
                ue:
                  pools:
                    - {name: internet, ipv4: 198.19.0.0/16, ipv6: "2001:db8:200::/48", ipv6PrefixLength: 64}
                    - {ipv4: 198.19.128.0/17}
                pfcp: {t1: 500ms, n1: 2, heartbeatInterval: 5s}
                maps: {teidSlotBits: 10, sessions: 1024, pdrs: 4096}
                reports: {downlinkNotifyInterval: 250ms}
                routing: {nextHopTtl: 200ms, watchChanges: false}
                """);
        AgentConfig c = ConfigLoader.load(f, Map.of("n4.port", "9000"));
        assertThat(c.n4().getPort()).isEqualTo(9000);
        assertThat(c.nodeId()).isEqualTo("upf1.example.org");
        assertThat(c.t1()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.n1()).isEqualTo(2);
        assertThat(c.dataplane().teidSlots()).isEqualTo(1024);
        assertThat(c.dataplane().pdrs()).isEqualTo(4096);
        assertThat(c.dataplane().notifyInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.dataplane().nextHopTtl()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.routing()).isEqualTo(new RoutingConfig(false, true));
        assertThat(c.uePools()).extracting(UePoolConfig::name).containsExactly("internet", "");
        assertThat(c.allowedSmfs().allows(InetAddress.getByName("198.18.9.9"), "smf.example.org")).isTrue();
    }

    @Test
    void unknownKeyStopsStartUpNamingIt() throws Exception {
        Path f = yaml("n4: {adress: 127.0.0.1}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, essentials()))
                .isInstanceOf(ConfigException.class).hasMessage("config: unknown key \"n4.adress\"");
        Map<String, Object> flags = essentials();
        flags.put("maps.sessionz", "10");
        assertThatThrownBy(() -> ConfigLoader.load(null, flags)).hasMessage("config: unknown key \"maps.sessionz\"");
        Path pool = yaml("ue: {pools: [{name: x, ipv5: 198.19.0.0/16}]}\n");
        assertThatThrownBy(() -> ConfigLoader.load(pool, Map.of()))
                .hasMessage("config: unknown key \"ue.pools[0].ipv5\"");
    }

    @Test
    void missingInterfaceIsNamed() {
        Map<String, Object> flags = essentials();
        flags.put("n3.interface", "eth9nosuch");
        assertThatThrownBy(() -> ConfigLoader.load(null, flags))
                .hasMessage("config: n3.interface: no such interface \"eth9nosuch\"");
    }

    @Test
    void badValuesAreNamedWithTheProblem() {
        assertBad("n4.port", "70000", "config: n4.port: 70000 is not in 1..65535");
        assertBad("n4.address", "not-an-ip", "config: n4.address: \"not-an-ip\" is not an IP address or prefix");
        assertBad("n3.address", "198.18.3.1", "config: n3.address: 198.18.3.1 is not an address of interface \"lo\"");
        assertBad("pfcp.t1", "3 parsecs", "config: pfcp.t1: \"3 parsecs\" is not a duration such as 500ms, 3s, 1m");
        assertBad("maps.eventRingBytes", "5000", "config: maps.eventRingBytes: 5000 is not a power of two");
        assertBad("maps.sessions", "1", "config: maps.sessions: 1 is not in 2..268435456");
        assertBad("ue.pools", List.of("198.19.0.0/31"), "config: ue.pools: IPv4 pool 198.19.0.0/31 is smaller than a /30");
        assertBad("routing.nextHopTtl", "2h", "config: routing.nextHopTtl: must be at most 1h, got 2h");
        assertBad("routing.watchChanges", "sometimes", "config: routing.watchChanges: \"sometimes\" is not true or false");
        assertBad("bpf.pinRoot", "relative/dir", "config: bpf.pinRoot: \"relative/dir\" is not an absolute path");
        assertBad("associations.peerRestart", "forget", "config: associations.peerRestart: \"forget\" is not delete or"
                + " keep");
        assertBad("journal.sync", "sometimes", "config: journal.sync: \"sometimes\" is not always, batch or none");
        assertBad("journal.compactAbove", "64MB", "config: journal.compactAbove: \"64MB\" is not a size (e.g. 65536,"
                + " 512KiB, 64MiB, 1GiB)");
        assertBad("journal.compactAbove", "1000", "config: journal.compactAbove: 1000 is neither 0 (off) nor at least"
                + " 64KiB");
        assertBad("journal.compactAbove", "2000GiB", "config: journal.compactAbove: 2000GiB is more than 1TiB");
        assertBad("threads.backgroundNice", "20", "config: threads.backgroundNice: 20 is not in 0..19");
        assertBad("threads.backgroundNice", "-5", "config: threads.backgroundNice: -5 is not in 0..19");
        assertBad("threads.pfcpSlice", "50us", "config: threads.pfcpSlice: 50us is outside 100us..100ms (or 0s: the"
                + " kernel's default)");
        assertBad("threads.pfcpSlice", "1s", "config: threads.pfcpSlice: 1s is outside 100us..100ms (or 0s: the"
                + " kernel's default)");
    }

    @Test
    void uePoolsBecomeDenseRangesCappedToTheSlotsAndExplicitRangesComeFirst() throws Exception {
        AgentConfig c = ConfigLoader.load(null, essentials());
        assertThat(c.dataplane().denseRanges()).as("both pools, whole").containsExactly(
                DenseRange.parse("198.19.0.0/16"), DenseRange.parse("2001:db8:200::/48"));

        Map<String, Object> flags = essentials();
        flags.put("maps.ueDenseSlots", "100000");
        flags.put("maps.ueDenseRanges", List.of("198.18.64.0/24"));
        flags.put("ue.pools", List.of("internet=198.19.0.0/16", "internet=2001:db8:200::/40", "ims=198.19.0.0/24",
                "iot=2001:db8:300::/48"));
        assertThat(ConfigLoader.load(null, flags).dataplane().denseRanges()).as("99,743 slots left after the"
                + " explicit /24: the IPv4 pool whole, the IPv6 pool's first 32,768 /64s, then the ims pool overlaps"
                + " and iot gets the 1,024 /64s that fit in the 1,439 left")
                .containsExactly(DenseRange.parse("198.18.64.0/24"), DenseRange.parse("198.19.0.0/16"),
                        DenseRange.parse("2001:db8:200::/49"), DenseRange.parse("2001:db8:300::/54"));
    }

    /**
     * A UE found by hash or trie takes a slot the dense ranges leave: a slot count the ranges use up would refuse every
     * other UE at run time (here the IPv6 pool, which gets no dense range at 65537), so start-up stops naming the key.
     */
    @Test
    void ueDenseSlotsThatLeaveNoSlotForTheUesFoundByHashStopStartUp() throws Exception {
        for (String slots : List.of("65537", "131073")) {
            assertThatThrownBy(() -> load("maps.ueDenseSlots", slots)).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("config: maps.ueDenseSlots: " + slots + ": the dense ranges"
                            + " [198.19.0.0/16");
        }
        assertThatThrownBy(() -> load("maps.ueDenseSlots", "1")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: maps.ueDenseSlots: 1: the dense ranges [] leave no slot for the UEs"
                        + " found by hash or trie");
        DataplaneConfig one = load("maps.ueDenseSlots", "65540");
        assertThat(one.denseRanges()).as("3 slots after the /16: 2 /64s dense").containsExactly(
                DenseRange.parse("198.19.0.0/16"), DenseRange.parse("2001:db8:200::/63"));
        assertThat(one.denseSlots() - one.denseIndex().slots()).as("one slot left is enough to start").isEqualTo(1);
    }

    private static DataplaneConfig load(String key, String value) {
        Map<String, Object> flags = essentials();
        flags.put(key, value);
        return ConfigLoader.load(null, flags).dataplane();
    }

    @Test
    void badDenseRangesStopStartUpNamingTheRange() {
        assertBad("maps.ueDenseRanges", List.of("198.19.0.0/16", "198.19.4.0/24"),
                "config: maps.ueDenseRanges: dense range 198.19.4.0/24 overlaps dense range 198.19.0.0/16");
        assertBad("maps.ueDenseRanges", List.of("198.19.0.1/24"),
                "config: maps.ueDenseRanges: dense range 198.19.0.1/24: address bits set after the prefix length");
        Map<String, Object> flags = essentials();
        flags.put("maps.ueDenseSlots", "1000");
        flags.put("maps.ueDenseRanges", List.of("198.19.0.0/16"));
        assertThatThrownBy(() -> ConfigLoader.load(null, flags)).isInstanceOf(ConfigException.class).hasMessage(
                "config: maps.ueDenseRanges: the ranges [198.19.0.0/16] need 65537 slots, maps.ueDenseSlots allows 1000");
        assertBad("maps.ueDenseSlots", "0", "config: maps.ueDenseSlots: 0 is not in 1..16777216");
    }

    @Test
    void threadSchedulingDefaultsAndMicroseconds() throws Exception {
        Map<String, Object> flags = essentials();
        AgentConfig c = ConfigLoader.load(null, flags);
        assertThat(c.backgroundNice()).isEqualTo(10);
        assertThat(c.pfcpSlice()).isEqualTo(Duration.ofNanos(100_000));
        flags.put("threads.backgroundNice", "0");
        flags.put("threads.pfcpSlice", "250us");
        c = ConfigLoader.load(null, flags);
        assertThat(c.backgroundNice()).isZero();
        assertThat(c.pfcpSlice()).isEqualTo(Duration.ofNanos(250_000));
        flags.put("threads.pfcpSlice", "0s");
        assertThat(ConfigLoader.load(null, flags).pfcpSlice()).isZero();
    }

    @Test
    void microsecondsOnlyForTheSliceAndNoDurationTruncatedToZeroOrOverflowing() {
        String notDuration = " is not a duration such as 500ms, 3s, 1m";
        assertBad("routing.nextHopTtl", "500us", "config: routing.nextHopTtl: \"500us\"" + notDuration);
        assertBad("pfcp.t1", "500us", "config: pfcp.t1: \"500us\"" + notDuration);
        assertBad("reports.usagePollInterval", "900us", "config: reports.usagePollInterval: \"900us\"" + notDuration);
        // ISO-8601 can still say less than a millisecond: the cache would silently be off
        assertBad("routing.nextHopTtl", "PT0.0005S", "config: routing.nextHopTtl: must be 0 (off) or at least 1ms,"
                + " got PT0.0005S");
        assertBad("pfcp.heartbeatInterval", "999999999999999999m", "config: pfcp.heartbeatInterval:"
                + " 999999999999999999m is too long");
        assertBad("threads.pfcpSlice", "99999999999999999us", "config: threads.pfcpSlice: 99999999999999999us is too"
                + " long");
    }

    @Test
    void journalCompactionSizesTakeBinaryUnits() throws Exception {
        Map<String, Object> flags = essentials();
        assertThat(ConfigLoader.load(null, flags).journalCompactAbove()).isEqualTo(64L << 20);
        flags.put("journal.compactAbove", "512KiB");
        assertThat(ConfigLoader.load(null, flags).journalCompactAbove()).isEqualTo(512L << 10);
        flags.put("journal.compactAbove", "0");
        assertThat(ConfigLoader.load(null, flags).journalCompactAbove()).isZero();
        flags.put("journal.compactAbove", "1GiB");
        assertThat(ConfigLoader.load(null, flags).journalCompactAbove()).isEqualTo(1L << 30);
    }

    @Test
    void missingRequiredKeyIsNamed() {
        Map<String, Object> flags = essentials();
        flags.remove("smf.allowed");
        assertThatThrownBy(() -> ConfigLoader.load(null, flags))
                .hasMessage("config: smf.allowed: missing (required; set it in the file or with its flag)");
    }

    @Test
    void unreadableYamlIsReported() throws Exception {
        Path f = yaml("n3: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, essentials())).hasMessageStartingWith("config: cannot read " + f);
    }

    @Test
    void everyKeyIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (ConfigKey k : ConfigKey.values()) {
            assertThat(doc).as(k.key()).contains("`" + k.key() + "`");
        }
    }

    private static void assertBad(String key, Object value, String message) {
        Map<String, Object> flags = essentials();
        flags.put(key, value);
        assertThatThrownBy(() -> ConfigLoader.load(null, flags)).isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
