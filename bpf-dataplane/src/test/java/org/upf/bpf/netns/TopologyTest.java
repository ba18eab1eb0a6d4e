package org.upf.bpf.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Namespaces, veth pairs and their cleanup, on the real kernel. */
class TopologyTest {

    @Test
    void twoNamespacesJoinedByVethPingOverIpv4AndIpv6() {
        try (Topology t = Topology.create("ping")) {
            NetworkNamespace left = t.namespace("left");
            NetworkNamespace right = t.namespace("right");
            VethPair veth = t.veth(left, "l0", right, "r0");
            veth.a().mac("02:00:00:00:01:01").mtu(1400).address("198.18.0.1/30").address("2001:db8::1/64").up();
            veth.b().mac("02:00:00:00:01:02").address("198.18.0.2/30").address("2001:db8::2/64").up();

            left.exec("ping", "-c", "2", "-i", "0.2", "-W", "1", "198.18.0.2");
            left.exec("ping", "-6", "-c", "2", "-i", "0.2", "-W", "1", "2001:db8::2");

            assertThat(left.links()).containsExactlyInAnyOrder("lo", "l0");
            assertThat(right.links()).containsExactlyInAnyOrder("lo", "r0");
            assertThat(veth.a().mac()).hasToString("02:00:00:00:01:01");
            assertThat(left.ip("-o", "link", "show", "dev", "l0")).contains("mtu 1400");
            assertThat(veth.b().ifindex()).isPositive();
            assertThat(left.name()).matches("upf-ping-left-[0-9a-f]{8}");

            veth.a().gro(true);
            assertThat(left.exec("ethtool", "-k", "l0")).contains("generic-receive-offload: on");
            veth.a().gro(false);
            assertThat(left.exec("ethtool", "-k", "l0")).contains("generic-receive-offload: off");
        }
    }

    @Test
    void neighbourAndRouteLetTrafficReachAnotherPrefix() {
        try (Topology t = Topology.create("route")) {
            NetworkNamespace a = t.namespace("a");
            NetworkNamespace b = t.namespace("b");
            VethPair veth = t.veth(a, "a0", b, "b0");
            veth.a().address("198.18.0.5/30").up();
            veth.b().mac("02:00:00:00:02:02").address("198.18.0.6/30").address("198.19.7.1/32").up();
            veth.a().neighbour("198.18.0.6", "02:00:00:00:02:02").route("198.19.7.0/24", "198.18.0.6");
            a.exec("ping", "-c", "1", "-W", "1", "198.19.7.1");
            assertThat(a.ip("neigh", "show", "dev", "a0")).contains("198.18.0.6 lladdr 02:00:00:00:02:02 PERMANENT");
        }
    }

    @Test
    void everythingIsRemovedEvenWhenTheTestThrows() {
        String[] names = new String[2];
        Path[] pins = new Path[1];
        assertThatThrownBy(() -> {
            try (Topology t = Topology.create("fail")) {
                names[0] = t.namespace("x").name();
                names[1] = t.namespace("y").name();
                pins[0] = t.pinRoot();
                Files.createDirectory(pins[0].resolve("sub"));
                throw new IllegalStateException("test failed half-way");
            }
        }).hasMessage("test failed half-way");
        assertThat(NetworkNamespace.exists(names[0])).isFalse();
        assertThat(NetworkNamespace.exists(names[1])).isFalse();
        assertThat(pins[0]).doesNotExist();
        assertThat(Lease.DIR.resolve("netns=" + names[0] + ".lock")).doesNotExist();
    }

    @Test
    void failedCommandNamesCommandExitCodeAndStderr() {
        try (Topology t = Topology.create("err")) {
            NetworkNamespace ns = t.namespace("x");
            assertThatThrownBy(() -> ns.ip("link", "set", "dev", "nosuchdev", "up"))
                    .isInstanceOfSatisfying(CommandException.class, e -> {
                        assertThat(e.exitCode()).isPositive();
                        assertThat(e.stderr()).contains("nosuchdev");
                        assertThat(e.command()).containsSubsequence("ip", "-n", ns.name(), "link");
                    })
                    .hasMessageContaining("`ip -n " + ns.name() + " link set dev nosuchdev up` exited");
        }
    }

    @Test
    void addressesOutsideTheTestRangesAreRefused() {
        try (Topology t = Topology.create("range")) {
            NetworkNamespace a = t.namespace("a");
            NetworkNamespace b = t.namespace("b");
            Link link = t.veth(a, "a0", b, "b0").a();
            for (String bad : List.of("10.0.0.1/24", "198.20.0.1/24", "192.168.1.1/24", "2001:db9::1/64", "fe80::1/64")) {
                assertThatThrownBy(() -> link.address(bad)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("outside the test ranges");
            }
            assertThat(a.ip("-o", "addr", "show", "dev", "a0")).doesNotContain("inet ");
        }
    }

    @Test
    void leftoversOfACrashedRunAreRemovedButLiveFixturesAreKept() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingFixture.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> out = new String(child.getInputStream().readAllBytes()).lines().toList();
        assertThat(child.waitFor()).isZero();
        String crashedNs = out.get(0);
        Path crashedPins = Path.of(out.get(1));
        assertThat(NetworkNamespace.exists(crashedNs)).isTrue();
        assertThat(crashedPins).isDirectory();

        try (Topology live = Topology.create("live")) {
            NetworkNamespace mine = live.namespace("x");
            Path myPins = live.pinRoot();
            List<String> removed = Leftovers.cleanup();
            assertThat(removed).contains("netns " + crashedNs, "bpffs " + crashedPins.getFileName());
            assertThat(NetworkNamespace.exists(crashedNs)).isFalse();
            assertThat(crashedPins).doesNotExist();
            assertThat(mine.exists()).isTrue();
            assertThat(myPins).isDirectory();
        }
    }
}
