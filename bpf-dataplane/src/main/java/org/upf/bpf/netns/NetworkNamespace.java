package org.upf.bpf.netns;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named network namespace ({@code ip netns}), created with a unique name {@code upf-<purpose>-<rand>}
 * and deleted by {@link #close()}. Loopback is up and IPv6 duplicate address detection is off, so
 * addresses work at once. {@link #exec} uses {@code ip netns exec}, which remounts /sys and so hides
 * bpffs: BPF work must enter the namespace with setns() on {@link #path()} instead.
 */
public final class NetworkNamespace extends LeasedResource {
    private static final System.Logger LOG = System.getLogger(NetworkNamespace.class.getName());

    private final String name;

    private NetworkNamespace(String name, Lease lease) {
        super(lease);
        this.name = name;
    }

    /** Creates {@code upf-<purpose>-<rand>}. */
    public static NetworkNamespace create(String purpose) {
        String name = Names.unique(purpose);
        Lease lease = Lease.acquire("netns", name);
        try {
            Command.run("ip", "netns", "add", name);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        NetworkNamespace ns = new NetworkNamespace(name, lease);
        try {
            ns.ip("link", "set", "lo", "up");
            ns.sysctl("net.ipv6.conf.all.accept_dad", "0");
            ns.sysctl("net.ipv6.conf.default.accept_dad", "0");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "created network namespace {0}", name);
        return ns;
    }

    public String name() {
        return name;
    }

    /** The bind mount to open for setns(2). */
    public Path path() {
        return Path.of("/run/netns", name);
    }

    /** Runs {@code ip -n <this> args...} and returns its stdout. */
    public String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return Command.run(cmd);
    }

    /** Runs a command inside this namespace ({@code ip netns exec}; no bpffs there) and returns stdout. */
    public String exec(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return Command.run(cmd);
    }

    public void sysctl(String key, String value) {
        exec("sysctl", "-qw", key + "=" + value);
    }

    /** Names of the links in this namespace, in ifindex order (a veth shows without its "@peer"). */
    public List<String> links() {
        List<String> names = new ArrayList<>();
        for (String line : ip("-o", "link", "show").split("\n")) {
            String[] parts = line.split(":\\s+", 3);
            if (parts.length >= 2) {
                names.add(parts[1].replaceFirst("@.*$", ""));
            }
        }
        return names;
    }

    /** The ifindex of a link in this namespace. */
    public int ifindex(String link) {
        String line = ip("-o", "link", "show", "dev", link);
        return Integer.parseInt(line.substring(0, line.indexOf(':')).trim());
    }

    /** True while {@code ip netns} still lists this namespace. */
    public boolean exists() {
        return exists(name);
    }

    static boolean exists(String name) {
        return Command.run("ip", "netns", "list").lines().map(l -> l.split("\\s+")[0]).anyMatch(name::equals);
    }

    /** Deletes the namespace (and the links in it, which takes each veth's peer along). */
    @Override
    void remove() {
        delete(name);
    }

    static void delete(String name) {
        if (exists(name)) {
            Command.run("ip", "netns", "del", name);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkNamespace n && n.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }
}
