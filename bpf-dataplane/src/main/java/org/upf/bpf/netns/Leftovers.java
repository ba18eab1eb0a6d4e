package org.upf.bpf.netns;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes what crashed test runs left behind: namespaces and bpffs pin roots whose {@link Lease} is no
 * longer held by a live process. Resources of fixtures still running (in this or another JVM) keep
 * their lease and are left alone, so this is safe while other test runs share the host.
 */
public final class Leftovers {
    private static final System.Logger LOG = System.getLogger(Leftovers.class.getName());

    private Leftovers() {}

    /** Removes every orphaned resource and returns their descriptions ("netns upf-x-1a2b3c4d"). */
    public static List<String> cleanup() {
        List<String> removed = new ArrayList<>();
        for (Lease.Orphan o : Lease.orphans()) {
            try {
                switch (o.kind()) {
                    case "netns" -> NetworkNamespace.delete(o.name());
                    case "bpffs" -> PinRoot.deleteTree(PinRoot.BPFFS.resolve(o.name()));
                    default -> throw new IllegalStateException("unknown lease kind " + o.kind());
                }
                o.lease().close();
                removed.add(o.kind() + " " + o.name());
            } catch (RuntimeException e) {
                o.lease().release();
                LOG.log(System.Logger.Level.WARNING, "cannot remove leftover " + o.kind() + " " + o.name(), e);
            }
        }
        if (!removed.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "removed leftovers of crashed runs: {0}", removed);
        }
        return removed;
    }
}
