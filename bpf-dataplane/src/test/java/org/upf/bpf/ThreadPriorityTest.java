package org.upf.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Nice values and slices set through the shim, read back from the kernel's own /proc files. */
class ThreadPriorityTest {
    /** A thread that reports its kernel thread ID and waits until released; its nice is changed from outside. */
    @Test
    void niceOfAnotherThreadIsSetByItsIdAndNoOtherThreadChanges() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            tid.complete(ownTid());
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nice-target");
        t.start();
        try {
            int id = tid.get(10, TimeUnit.SECONDS);
            int mine = procNice(ownTid());
            ThreadPriority.setNice(id, 7);
            assertThat(procNice(id)).isEqualTo(7);
            assertThat(ThreadPriority.nice(id)).isEqualTo(7);
            assertThat(procNice(ownTid())).isEqualTo(mine);
        } finally {
            release.countDown();
            t.join();
        }
    }

    @Test
    void sliceOfTheCallingThreadIsWhatTheSchedulerUsesAndNotInherited() throws Exception {
        CompletableFuture<long[]> seen = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                ThreadPriority.setSlice(0, Duration.ofNanos(200_000));
                long[] child = new long[1];
                Thread c = new Thread(() -> child[0] = procSlice(ownTid()), "slice-child");
                c.start();
                c.join();
                seen.complete(new long[] {ThreadPriority.slice(0).toNanos(), procSlice(ownTid()), child[0]});
            } catch (Throwable e) {
                seen.completeExceptionally(e);
            }
        }, "slice-target");
        t.start();
        t.join();
        long[] s = seen.get();
        assertThat(s[0]).isEqualTo(200_000);
        assertThat(s[1]).isEqualTo(200_000); // /proc/TID/sched se.slice: what EEVDF schedules it with
        assertThat(s[2]).as("a thread it starts does not inherit the slice").isNotEqualTo(200_000);
    }

    @Test
    void aThreadThatAskedForNoSliceReportsTheBaseSliceNotZero() {
        long base = procSlice(ownTid()); // this thread never asked for one
        assertThat(base).isPositive();
        assertThat(ThreadPriority.slice(0).toNanos()).isEqualTo(base);
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> ThreadPriority.setNice(0, 20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-20..19");
        assertThatThrownBy(() -> ThreadPriority.setNice(Integer.MAX_VALUE, 5)).isInstanceOf(BpfException.class)
                .hasMessageContaining("ESRCH");
        assertThatThrownBy(() -> ThreadPriority.setSlice(0, Duration.ofNanos(-1))).isInstanceOf(BpfException.class)
                .hasMessageContaining("EINVAL");
    }

    @Test
    void niceIsReadAfterACommandNameWithSpacesAndParentheses() {
        assertThat(ThreadPriority.nice("42 (G1 Conc#0) x) S 1 1 1 0 -1 4194368 0 0 0 0 5 6 0 0 30 10 1 0 7 8 9"))
                .isEqualTo(10);
    }

    /** This thread's kernel ID: /proc/thread-self links to /proc/PID/task/TID. */
    static int ownTid() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Field 19 of /proc/self/task/TID/stat, counted after the command name. */
    static int procNice(int tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    static long procSlice(int tid) {
        try {
            return Files.readAllLines(Path.of("/proc/self/task/" + tid + "/sched")).stream()
                    .filter(l -> l.startsWith("se.slice")).mapToLong(l -> Long.parseLong(l.split(":")[1].trim()))
                    .findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
