package org.upf.bpf.netns;

import java.util.ArrayList;
import java.util.List;
import org.upf.bpf.packet.MacAddress;

/** One network interface inside a {@link NetworkNamespace}; setters run {@code ip} at once. */
public final class Link {
    private final NetworkNamespace namespace;
    private final String name;

    Link(NetworkNamespace namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public int ifindex() {
        return namespace.ifindex(name);
    }

    public Link mac(String mac) {
        namespace.ip("link", "set", "dev", name, "address", MacAddress.of(mac).toString());
        return this;
    }

    public MacAddress mac() {
        String line = namespace.ip("-o", "link", "show", "dev", name);
        int at = line.indexOf("link/ether ");
        if (at < 0) {
            throw new IllegalStateException(name + " in " + namespace + " has no Ethernet address: " + line);
        }
        return MacAddress.of(line.substring(at + 11, at + 28));
    }

    public Link mtu(int mtu) {
        namespace.ip("link", "set", "dev", name, "mtu", Integer.toString(mtu));
        return this;
    }

    /**
     * Adds an address with prefix, e.g. "198.18.0.1/30" or "2001:db8::1/64", only from the test ranges.
     * IPv6 addresses skip duplicate address detection (nodad) so they are usable at once.
     */
    public Link address(String prefix) {
        List<String> args = new ArrayList<>(List.of("addr", "add", TestAddresses.require(prefix), "dev", name));
        if (TestAddresses.isV6(prefix)) {
            args.add("nodad");
        }
        namespace.ip(args.toArray(String[]::new));
        return this;
    }

    public Link up() {
        namespace.ip("link", "set", "dev", name, "up");
        return this;
    }

    /** Switches generic receive offload (needed on a veth for XDP_REDIRECT of GRO-sized frames). */
    public Link gro(boolean on) {
        namespace.exec("ethtool", "-K", name, "gro", on ? "on" : "off");
        return this;
    }

    /** A permanent neighbour entry, so no ARP/ND is needed before the first packet. */
    public Link neighbour(String ip, String mac) {
        namespace.ip("neigh", "replace", TestAddresses.require(ip), "lladdr", MacAddress.of(mac).toString(),
                "dev", name, "nud", "permanent");
        return this;
    }

    /** A route to {@code prefix} through this link, via {@code gateway} (null for on-link). */
    public Link route(String prefix, String gateway) {
        List<String> args = new ArrayList<>(List.of("route", "replace", TestAddresses.require(prefix)));
        if (gateway != null) {
            args.addAll(List.of("via", TestAddresses.require(gateway)));
        }
        args.addAll(List.of("dev", name));
        namespace.ip(args.toArray(String[]::new));
        return this;
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
