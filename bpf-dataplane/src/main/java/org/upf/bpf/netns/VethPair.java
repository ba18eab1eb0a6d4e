package org.upf.bpf.netns;

/**
 * A veth pair with one end in each of two namespaces. It is created inside the namespaces directly
 * ({@code ip -n A link add ... peer ... netns B}), so the interface names only need to be unique per
 * namespace (at most 15 characters) and never appear in the host's namespace.
 */
public final class VethPair {
    private final Link a;
    private final Link b;

    private VethPair(Link a, Link b) {
        this.a = a;
        this.b = b;
    }

    public static VethPair create(NetworkNamespace nsA, String nameA, NetworkNamespace nsB, String nameB) {
        for (String n : new String[] {nameA, nameB}) {
            if (!n.matches("[A-Za-z0-9_.-]{1,15}")) {
                throw new IllegalArgumentException("interface name must be 1..15 of [A-Za-z0-9_.-]: '" + n + "'");
            }
        }
        nsA.ip("link", "add", nameA, "type", "veth", "peer", "name", nameB, "netns", nsB.name());
        return new VethPair(new Link(nsA, nameA), new Link(nsB, nameB));
    }

    public Link a() {
        return a;
    }

    public Link b() {
        return b;
    }

    /** Brings both ends up. */
    public VethPair up() {
        a.up();
        b.up();
        return this;
    }

    /** Deletes the pair (deleting one end removes its peer). */
    public void delete() {
        a.namespace().ip("link", "del", a.name());
    }
}
