package org.upf.bpf.netns;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A test's network fixture: the namespaces, veth pairs and bpffs pin root it creates. {@link #close()}
 * removes all of it in reverse order, even after a failed step, and reports every removal that failed
 * (the first as the exception, the others suppressed on it).
 *
 * <pre>{@code
 * try (Topology t = Topology.create("ping")) {
 *     NetworkNamespace gnb = t.namespace("gnb"), upf = t.namespace("upf");
 *     VethPair n3 = t.veth(gnb, "n3", upf, "n3");
 *     n3.a().address("198.18.0.1/30").up();
 *     n3.b().address("198.18.0.2/30").up();
 *     gnb.exec("ping", "-c", "1", "-W", "1", "198.18.0.2");
 * }
 * }</pre>
 */
public final class Topology implements AutoCloseable {
    private final String purpose;
    private final Deque<AutoCloseable> created = new ArrayDeque<>();
    private PinRoot pinRoot;

    private Topology(String purpose) {
        this.purpose = purpose;
    }

    /** A fixture whose namespaces are named {@code upf-<purpose>-<role>-<rand>}. */
    public static Topology create(String purpose) {
        Names.unique(purpose); // validates the purpose early
        return new Topology(purpose);
    }

    /** Creates a namespace that this fixture deletes on close. */
    public NetworkNamespace namespace(String role) {
        return track(NetworkNamespace.create(purpose + "-" + role));
    }

    /** Creates a veth pair between two namespaces (removed together with the namespaces). */
    public VethPair veth(NetworkNamespace a, String nameA, NetworkNamespace b, String nameB) {
        return VethPair.create(a, nameA, b, nameB);
    }

    /** This fixture's directory on bpffs, created on first use and removed with everything in it. */
    public Path pinRoot() {
        if (pinRoot == null) {
            pinRoot = track(PinRoot.create());
        }
        return pinRoot.path();
    }

    /** Hands any other resource to this fixture, to be closed before everything created earlier. */
    public <T extends AutoCloseable> T track(T resource) {
        created.push(resource);
        return resource;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        while (!created.isEmpty()) {
            try {
                created.pop().close();
            } catch (Exception e) {
                RuntimeException r = e instanceof RuntimeException re ? re
                        : new IllegalStateException("cleanup failed: " + e.getMessage(), e);
                if (failure == null) {
                    failure = r;
                } else {
                    failure.addSuppressed(r);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
