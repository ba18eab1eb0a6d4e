package org.upf.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kernel run statistics of one BPF program: how often it ran and the nanoseconds it spent, counted only while
 * statistics are enabled ({@link #enable()} or the sysctl {@code kernel.bpf_stats_enabled=1}).
 */
public record BpfRunStats(long runCount, long runTimeNanos) {

    /** Average nanoseconds per run, 0 before the first counted run. */
    public double averageNanos() {
        return runCount == 0 ? 0 : (double) runTimeNanos / runCount;
    }

    /**
     * The statistics of a program fd of this process, from {@code /proc/self/fdinfo/FD} (the kernel's
     * bpf_prog_show_fdinfo prints run_time_ns and run_cnt there, without a bpf() call).
     */
    public static BpfRunStats of(int programFd) {
        long count = 0;
        long nanos = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + programFd))) {
                String[] kv = line.split(":\\s*", 2);
                if (kv.length == 2 && kv[0].equals("run_cnt")) {
                    count = Long.parseLong(kv[1].trim());
                } else if (kv.length == 2 && kv[0].equals("run_time_ns")) {
                    nanos = Long.parseLong(kv[1].trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fdinfo of BPF program fd " + programFd, e);
        }
        return new BpfRunStats(count, nanos);
    }

    /**
     * Turns run statistics on for every program (BPF_ENABLE_STATS, kernel 5.8+) until the returned handle is
     * closed. Each program run then costs two clock reads.
     */
    public static Enabled enable() {
        return new Enabled(BpfException.check(Native.enableRunTimeStats(), "cannot enable BPF run-time statistics"));
    }

    /** Keeps run statistics on until closed. */
    public static final class Enabled implements AutoCloseable {
        private final int fd;
        private boolean closed;

        private Enabled(int fd) {
            this.fd = fd;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                Native.closeFd(fd);
            }
        }
    }

    /** Whether the sysctl kernel.bpf_stats_enabled is set (an {@link #enable()} handle does not show there). */
    public static boolean sysctlEnabled() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/bpf_stats_enabled")).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }
}
