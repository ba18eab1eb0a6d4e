package org.upf.bpf.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;

/**
 * A test that fails on purpose with namespaces, a veth pair and a pin root up. Not a test class for
 * Surefire (its name matches no include pattern): {@link TopologyExtensionTest} launches it and then
 * checks that {@link TopologyExtension} removed everything.
 */
@ExtendWith(TopologyExtension.class)
class FailingCleanupProbe {
    static final List<String> NAMESPACES = new ArrayList<>();
    static final List<Path> PIN_ROOTS = new ArrayList<>();

    @Test
    void failsWithNamespacesUp(Topology topology) {
        NetworkNamespace a = topology.namespace("a");
        NetworkNamespace b = topology.namespace("b");
        topology.veth(a, "a0", b, "b0").up();
        NAMESPACES.add(a.name());
        NAMESPACES.add(b.name());
        PIN_ROOTS.add(topology.pinRoot());
        throw new AssertionError("probe fails on purpose");
    }
}
