package org.upf.bench.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.upf.bpf.ThreadPriority;
import org.upf.lab.smf.SmfEmulator;

/** The SMF emulator's threads take the agent's scheduling defaults while the latency is measured, and give them back. */
class EmulatorThreadsTest {
    private static final Duration AGENT_SLICE = Duration.ofNanos(100_000);

    @Test
    void paceAndEventLoopGetTheAgentsSliceAndTheGcThreadsTheBackgroundNiceUntilClosed() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (SmfEmulator smf = SmfEmulator.start(new InetSocketAddress(lo, 0), new InetSocketAddress(lo, 9))) {
            try (EmulatorThreads t = EmulatorThreads.likeTheAgent(smf)) {
                assertThat(ThreadPriority.slice(0)).isEqualTo(AGENT_SLICE);
                assertThat(eventLoopSlice(smf)).isEqualTo(AGENT_SLICE);
                assertThat(niceOf("G1 Service")).isNotEmpty().allSatisfy(n -> assertThat(n).isEqualTo(10));
            }
            assertThat(ThreadPriority.slice(0)).isNotEqualTo(AGENT_SLICE);
            assertThat(eventLoopSlice(smf)).isNotEqualTo(AGENT_SLICE);
            assertThat(niceOf("G1 Service")).isNotEmpty().allSatisfy(n -> assertThat(n).isZero());
        }
    }

    private static Duration eventLoopSlice(SmfEmulator smf) {
        return CompletableFuture.supplyAsync(() -> ThreadPriority.slice(0), smf.node()::execute).join();
    }

    /** The nice values of this JVM's threads whose name starts with prefix. */
    private static List<Integer> niceOf(String prefix) throws IOException {
        List<Integer> nice = new ArrayList<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
                    nice.add(ThreadPriority.nice(Integer.parseInt(task.getFileName().toString())));
                }
            }
        }
        return nice;
    }
}
