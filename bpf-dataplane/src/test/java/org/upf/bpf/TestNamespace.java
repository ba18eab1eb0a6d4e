package org.upf.bpf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A fresh network namespace (`ip netns add`), deleted with all its interfaces on close. */
final class TestNamespace implements AutoCloseable {
    final String name;

    TestNamespace() {
        name = "upfb-" + UUID.randomUUID().toString().substring(0, 8);
        ip("netns", "add", name);
        try {
            // No IPv6 autoconfiguration chatter: tests count every frame on their interfaces.
            run(List.of("ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                    "net.ipv6.conf.default.disable_ipv6=1"));
            ip("-n", name, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A veth pair, both ends up in this namespace (ends named by the caller, <= 15 chars). */
    void addVeth(String end, String peer) {
        ipIn("link", "add", end, "numrxqueues", "2", "type", "veth", "peer", "name", peer, "numrxqueues", "2");
        ipIn("link", "set", end, "up");
        ipIn("link", "set", peer, "up");
    }

    /** A veth pair with end here and peer in other, each with an address of a /30, both up. */
    void addVethTo(TestNamespace other, String end, String endCidr, String peer, String peerCidr) {
        ipIn("link", "add", end, "type", "veth", "peer", "name", peer, "netns", other.name);
        ipIn("addr", "add", endCidr, "dev", end);
        other.ipIn("addr", "add", peerCidr, "dev", peer);
        ipIn("link", "set", end, "up");
        other.ipIn("link", "set", peer, "up");
    }

    /** Runs `ip -n NAME args...`, failing on a non-zero exit; returns its output. */
    String ipIn(String... args) {
        List<String> cmd = new ArrayList<>(List.of("-n", name));
        cmd.addAll(List.of(args));
        return ip(cmd.toArray(String[]::new));
    }

    static String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timeout: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed (" + p.exitValue() + "): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(cmd + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(cmd + " interrupted", e);
        }
    }

    int ifindex(String ifname) {
        return Netns.ifindex(name, ifname);
    }

    @Override
    public void close() {
        ip("netns", "del", name);
    }
}
