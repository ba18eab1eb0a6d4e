package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An agent whose threads the kernel does not let ask for a time slice (sched_setattr refused: the process runs under
 * another policy, e.g. chrt or systemd CPUSchedulingPolicy, or a sandbox without the call) starts with the default
 * threads.pfcpSlice, with a warning, instead of failing.
 */
class AgentSchedulingRefusedTest {
    @Test
    void theDefaultSliceRefusedIsAWarningNotAFailedStart() throws Exception {
        String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        // SCHED_IDLE, inherited by the threads the agent starts from this one (its event loop among them): no slice.
        chrt("--idle", tid);
        try (AgentTestbed bed = new AgentTestbed(Map.of("reports.usagePollInterval", "100ms"))) {
            assertThat(bed.agent.n4Address()).isNotNull();
        } finally {
            chrt("--other", tid);
        }
    }

    private static void chrt(String policy, String tid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chrt", policy, "-p", "0", tid).inheritIO().start();
        assertThat(p.waitFor()).as("chrt %s -p 0 %s", policy, tid).isZero();
    }
}
