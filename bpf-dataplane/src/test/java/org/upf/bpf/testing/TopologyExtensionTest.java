package org.upf.bpf.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;

/** Runs a test that fails half-way through the JUnit launcher and checks its fixture is gone. */
class TopologyExtensionTest {
    private static final List<String> PROBE_NAMESPACES = new ArrayList<>();
    private static final List<Path> PROBE_PINS = new ArrayList<>();

    /** Not run by Surefire (nested class): only launched from {@link #fixtureIsRemovedAfterAFailingTest}. */
    @ExtendWith(TopologyExtension.class)
    static class FailingProbe {
        @Test
        void failsWithNamespacesUp(Topology topology) {
            NetworkNamespace a = topology.namespace("a");
            NetworkNamespace b = topology.namespace("b");
            topology.veth(a, "a0", b, "b0").up();
            PROBE_NAMESPACES.add(a.name());
            PROBE_NAMESPACES.add(b.name());
            PROBE_PINS.add(topology.pinRoot());
            throw new AssertionError("probe fails on purpose");
        }
    }

    @Test
    void fixtureIsRemovedAfterAFailingTest() throws Exception {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(
                LauncherDiscoveryRequestBuilder.request().selectors(selectClass(FailingProbe.class)).build(), listener);

        assertThat(listener.getSummary().getTestsFailedCount()).isEqualTo(1);
        assertThat(listener.getSummary().getFailures().get(0).getException()).hasMessage("probe fails on purpose");
        assertThat(PROBE_NAMESPACES).hasSize(2);
        for (String ns : PROBE_NAMESPACES) {
            assertThat(org.upf.bpf.netns.Command.run("ip", "netns", "list")).doesNotContain(ns);
        }
        assertThat(PROBE_PINS.get(0)).doesNotExist();
    }
}
