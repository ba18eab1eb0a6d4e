package org.upf.control.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.upf.bpf.BpfException;
import org.upf.bpf.ThreadPriority;

/**
 * Lets the PFCP event loop win the CPU over the agent's background work (config key threads.backgroundNice): the
 * JVM's concurrent GC threads and the agent's own background threads run at a higher nice value, so on a busy host a
 * request that wakes the event loop does not wait behind them in the run queue (docs/performance.md, "Scheduling the
 * event loop first"). They still get their share of the CPU (nice 10 against 0 is about a tenth when both want
 * the same CPU; they lose nothing on an idle one), so a collection is slowed only while the loop has work.
 * Threads are found by their name (/proc/self/task/TID/comm, the first 15 characters); the JVM starts some GC
 * workers only when it first needs them, so the threads are looked at again every {@link #RESCAN_SECONDS} seconds.
 * The JVM's stop-the-world GC threads (G1's "GC Thread#N") are left alone: during their pause the loop waits for
 * them anyway.
 */
final class BackgroundPriority implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BackgroundPriority.class.getName());
    static final int RESCAN_SECONDS = 5;
    /**
     * Names (prefixes of the comm) of the threads that are made nicer: generational ZGC's threads (all concurrent
     * with the application), G1's concurrent marking, refinement and service threads, and the agent's own
     * background threads (data-path event pump, local API, GTP-U End Markers, and this one). Not the usage poller
     * nor the journal compaction: they hold locks the event loop waits for (the session journal's, the report
     * queues'), and a nicer holder would make the loop wait behind everything else that runs (priority inversion).
     * Not the JIT's compiler threads either: the event loop waited behind them in the measured window (1-2.5 ms,
     * docs/performance.md, "the event loop's own stalls"), but a compiler starved on a busy host leaves the loop in
     * slower code for longer.
     */
    static final List<String> NAMES = List.of("ZWorker", "ZDirector", "ZDriver", "ZStat", "ZUncommitter",
            "ZUnmapper", "G1 Conc#", "G1 Refine#", "G1 Main Marker", "G1 Service", "upf-events", "upf-api",
            "gtpu-end-marker", "upf-priority");
    private static final Path TASKS = Path.of("/proc/self/task");

    private final int nice;
    /** Each changed thread's nice before, to give it back on close (the agent may share its JVM, as in tests). */
    private final Map<Integer, Integer> before = new HashMap<>();
    private final ScheduledExecutorService timer;
    private boolean refusalLogged;

    private BackgroundPriority(int nice) {
        this.nice = nice;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "upf-priority");
            t.setDaemon(true);
            return t;
        });
    }

    /** Gives the background threads nice value nice now and every few seconds; null for nice 0 (nothing changed). */
    static BackgroundPriority start(int nice) {
        if (nice == 0) {
            return null;
        }
        BackgroundPriority p = new BackgroundPriority(nice);
        p.applyLogged(); // at once, so that a refusal shows at start-up (a warning: priorities are tuning)
        p.timer.scheduleWithFixedDelay(p::applyLogged, RESCAN_SECONDS, RESCAN_SECONDS, TimeUnit.SECONDS);
        return p;
    }

    /**
     * Makes every background thread of this JVM that runs below nice value nice (a higher priority) run at it;
     * returns how many it changed. Only ever lowers a priority: a thread the operator already runs nicer (e.g.
     * systemd Nice=15) keeps its value, and raising it would need CAP_SYS_NICE. A thread that ends during the scan,
     * or whose change the kernel refuses (EACCES, EPERM), is skipped.
     */
    synchronized int apply() {
        int changed = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                int tid = Integer.parseInt(task.getFileName().toString());
                try {
                    int old = ThreadPriority.nice(tid);
                    if (old < nice && background(Files.readString(task.resolve("comm")).strip())) {
                        ThreadPriority.setNice(tid, nice);
                        before.putIfAbsent(tid, old);
                        changed++;
                    }
                } catch (IOException | UncheckedIOException e) {
                    // the thread ended meanwhile (ENOENT, or ESRCH while its files were read)
                } catch (BpfException e) {
                    switch (e.errnoName()) {
                        case "ESRCH" -> { } // ended meanwhile
                        case "EACCES", "EPERM" -> refused(tid, e);
                        default -> throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + TASKS, e);
        }
        return changed;
    }

    /** A thread whose nice value the kernel does not let this process change: left as it is, said once. */
    private void refused(int tid, BpfException e) {
        if (!refusalLogged) {
            refusalLogged = true;
            LOG.log(System.Logger.Level.WARNING, "background thread {0} (and maybe others) left at its nice value: {1}",
                    tid, e.getMessage());
        }
    }

    static boolean background(String comm) {
        for (String name : NAMES) {
            if (comm.startsWith(name)) {
                return true;
            }
        }
        return false;
    }

    private void applyLogged() {
        try {
            int n = apply();
            if (n > 0) {
                LOG.log(System.Logger.Level.DEBUG, "nice {0} given to {1} more background threads", nice, n);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot set the nice value of background threads", e);
        }
    }

    /**
     * Stops looking and gives the threads still alive their nice value back (a lower value needs CAP_SYS_NICE; without
     * it they keep the higher one).
     */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            before.forEach((tid, old) -> {
                try {
                    ThreadPriority.setNice(tid, old);
                } catch (BpfException e) {
                    // ended (ESRCH; its ID may be reused by then, which only matters within this JVM), or no right
                }
            });
            before.clear();
        }
    }
}
