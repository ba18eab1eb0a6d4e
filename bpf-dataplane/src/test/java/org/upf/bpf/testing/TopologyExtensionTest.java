package org.upf.bpf.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.upf.bpf.netns.Command;

/** Runs a test that fails half-way through the JUnit launcher and checks its fixture is gone. */
class TopologyExtensionTest {

    @Test
    void fixtureIsRemovedAfterAFailingTest() throws Exception {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FailingCleanupProbe.class)).build(), listener);

        assertThat(listener.getSummary().getTestsFailedCount()).isEqualTo(1);
        assertThat(listener.getSummary().getFailures().get(0).getException()).hasMessage("probe fails on purpose");
        assertThat(FailingCleanupProbe.NAMESPACES).hasSize(2);
        for (String ns : FailingCleanupProbe.NAMESPACES) {
            assertThat(Command.run("ip", "netns", "list")).doesNotContain(ns);
        }
        assertThat(FailingCleanupProbe.PIN_ROOTS.get(0)).doesNotExist();
    }
}
