package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.upf.bpf.ThreadPriority;

/** BackgroundPriority against real threads of this JVM, their nice values read back from /proc. */
class BackgroundPriorityTest {
    /** A background thread by its name ("upf-api" prefix) that sets its own nice, then waits until released. */
    static final class Parked implements AutoCloseable {
        final CountDownLatch ready = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger tid = new AtomicInteger();
        final Thread thread;

        Parked(int nice) throws InterruptedException {
            thread = new Thread(() -> {
                ThreadPriority.setNice(0, nice);
                try {
                    // /proc/thread-self links to PID/task/TID
                    tid.set(Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName()
                            .toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                ready.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "upf-api-parked");
            thread.setDaemon(true);
            thread.start();
            ready.await();
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            thread.join();
        }
    }

    @Test
    void aThreadTheOperatorRunsNicerKeepsItsNiceValue() throws Exception {
        try (Parked nicer = new Parked(15); Parked normal = new Parked(0)) {
            BackgroundPriority p = BackgroundPriority.start(10);
            try {
                assertThat(ThreadPriority.nice(nicer.tid.get())).as("never given a higher priority").isEqualTo(15);
                assertThat(ThreadPriority.nice(normal.tid.get())).isEqualTo(10);
            } finally {
                p.close();
            }
            assertThat(ThreadPriority.nice(nicer.tid.get())).isEqualTo(15);
            assertThat(ThreadPriority.nice(normal.tid.get())).isZero();
        }
    }

    @Test
    void threadsEndingDuringTheScanDoNotStopIt() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        // Short-lived background threads (by name), so that some end between the listing and the reads of their files.
        Thread churn = new Thread(() -> {
            while (!stop.get()) {
                Thread t = new Thread(() -> { }, "upf-api-brief");
                t.start();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "churn");
        churn.start();
        BackgroundPriority p = BackgroundPriority.start(10);
        try {
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            for (int i = 0; i < 2_000 && System.nanoTime() < end; i++) {
                p.apply(); // throws UncheckedIOException("cannot list /proc/self/task") on ESRCH without the fix
            }
        } finally {
            stop.set(true);
            churn.join();
            p.close();
        }
    }
}
