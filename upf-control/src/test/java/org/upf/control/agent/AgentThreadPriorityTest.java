package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * threads.backgroundNice and threads.pfcpSlice on a running agent, read back from the kernel's /proc files of this
 * JVM's threads (the agent runs in the test's JVM, G1 here: its concurrent threads are among the background ones).
 */
class AgentThreadPriorityTest {
    /** A thread of this JVM as /proc shows it. */
    record Task(int tid, String name, int nice, long sliceNs) {
    }

    @Test
    void backgroundThreadsGetTheNiceValueTheEventLoopItsSliceAndCloseGivesThemBack() throws Exception {
        List<Task> before = tasks();
        try (AgentTestbed bed = new AgentTestbed(Map.of("threads.backgroundNice", "7", "threads.pfcpSlice", "300us",
                "reports.usagePollInterval", "100ms"))) {
            // A Java thread names itself only after Thread.start() returns: the pump's thread may still carry its
            // parent's name at the agent's first scan, and then gets the nice value at the rescan.
            List<Task> running = tasksOnceNiced("upf-events", 7);
            // The usage poller holds locks the event loop needs: it keeps its nice (no priority inversion).
            assertThat(running).filteredOn(t -> t.name().equals("upf-usage-polle")).singleElement()
                    .extracting(Task::nice).isEqualTo(0);
            assertThat(running).filteredOn(t -> t.name().startsWith("G1 Conc#") || t.name().startsWith("G1 Refine#")
                    || t.name().equals("G1 Service")).isNotEmpty()
                    // at least: one a nicer thread started (an earlier agent of this JVM) keeps its higher value
                    .allSatisfy(t -> assertThat(t.nice()).isGreaterThanOrEqualTo(7));
            assertThat(running).filteredOn(t -> t.name().equals("upf-events")).singleElement()
                    .extracting(Task::nice).isEqualTo(7);
            // G1's stop-the-world workers, the JIT and the PFCP event loop keep theirs.
            assertThat(running).filteredOn(t -> t.name().startsWith("GC Thread#") || t.name().startsWith("C2 Compiler"))
                    .isNotEmpty().allSatisfy(t -> assertThat(t.nice()).isZero());
            Task loop = running.stream().filter(t -> t.sliceNs() == 300_000).collect(singleOrFail());
            assertThat(loop.name()).startsWith("multiThreadIoEv");
            assertThat(loop.nice()).isZero();

            bed.stopAgent();
            List<Task> after = tasks();
            assertThat(after).noneMatch(t -> t.sliceNs() == 300_000).noneMatch(t -> t.name().equals("upf-usage-polle"));
            for (Task t : after) {
                before.stream().filter(b -> b.tid() == t.tid()).findFirst()
                        .ifPresent(b -> assertThat(t.nice()).as(t.name()).isEqualTo(b.nice()));
            }
        }
    }

    @Test
    void zeroLeavesEveryThreadAsItWas() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("threads.backgroundNice", "0", "threads.pfcpSlice", "0s"))) {
            assertThat(tasks()).filteredOn(t -> t.name().equals("upf-usage-polle") || t.name().startsWith("G1 Conc#"))
                    .isNotEmpty().allSatisfy(t -> assertThat(t.nice()).isZero());
            assertThat(tasks()).noneMatch(t -> t.sliceNs() == 100_000);
        }
    }

    private static java.util.stream.Collector<Task, ?, Task> singleOrFail() {
        return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
            assertThat(l).hasSize(1);
            return l.get(0);
        });
    }

    /** The threads of this JVM once the one named name runs at nice, or after one rescan of the agent at most. */
    private static List<Task> tasksOnceNiced(String name, int nice) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(
                BackgroundPriority.RESCAN_SECONDS + 2);
        List<Task> running = tasks();
        while (running.stream().noneMatch(t -> t.name().equals(name) && t.nice() == nice)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            running = tasks();
        }
        return running;
    }

    /** Every thread of this JVM: name (comm), nice (stat field 19), slice (sched, se.slice). */
    static List<Task> tasks() throws IOException {
        List<Task> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc/self/task"))) {
            for (Path d : dirs.toList()) {
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    int nice = Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
                    long slice = Files.readAllLines(d.resolve("sched")).stream().filter(l -> l.startsWith("se.slice"))
                            .mapToLong(l -> Long.parseLong(l.split(":")[1].trim())).findFirst().orElse(-1);
                    out.add(new Task(Integer.parseInt(d.getFileName().toString()),
                            Files.readString(d.resolve("comm")).strip(), nice, slice));
                } catch (java.nio.file.NoSuchFileException | UncheckedIOException e) {
                    // ended meanwhile
                }
            }
        }
        return out;
    }
}
