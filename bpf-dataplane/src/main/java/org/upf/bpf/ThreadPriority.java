package org.upf.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Linux scheduling of single threads of this JVM, by thread ID (the directory names of /proc/self/task; 0 is the
 * calling thread): the nice value (setpriority(2) with PRIO_PROCESS changes one thread on Linux) and the time slice
 * an EEVDF thread asks for (sched_setattr(2) sched_runtime, Linux 6.12 and later). {@link Thread#setPriority} does
 * neither on Linux. Raising a nice value needs no privilege; lowering it below the current one needs CAP_SYS_NICE.
 */
public final class ThreadPriority {
    private ThreadPriority() {}

    /** Sets thread tid's nice value (-20..19). */
    public static void setNice(int tid, int nice) {
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("nice " + nice + " outside -20..19");
        }
        BpfException.check(Native.setThreadNice(tid, nice), "cannot set the nice value of thread " + tid);
    }

    /** Thread tid's nice value as the kernel reports it (/proc/self/task/TID/stat, field 19), or of this thread for 0. */
    public static int nice(int tid) {
        String stat;
        try {
            stat = Files.readString(tid == 0 ? Path.of("/proc/thread-self/stat")
                    : Path.of("/proc/self/task", Integer.toString(tid), "stat"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return nice(stat);
    }

    /** The nice value in a /proc stat line: after the command name (which may hold spaces), the 17th field. */
    static int nice(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Integer.parseInt(fields[16]);
    }

    /**
     * Asks for a time slice for thread tid (the kernel clamps it to 0.1-100 ms): on waking up, a thread whose slice
     * is shorter than the running thread's preempts it rather than waiting for that slice to end. Policy and nice
     * are kept; only SCHED_OTHER and SCHED_BATCH threads.
     */
    public static void setSlice(int tid, Duration slice) {
        BpfException.check(Native.setThreadSlice(tid, slice.toNanos()), "cannot set the time slice of thread " + tid);
    }

    /**
     * The slice thread tid runs with, as sched_getattr(2) reports it: since Linux 6.12 the slice in effect, which for a
     * thread that asked for none is the kernel's base slice (debugfs sched/base_slice_ns, e.g. 1.4 ms), not 0; so this
     * cannot tell an asked-for slice from the default (kernels that show se.custom_slice in /proc/TID/sched can).
     */
    public static Duration slice(int tid) {
        long ns = Native.threadSlice(tid);
        if (ns < 0) {
            throw new BpfException((int) -ns, "cannot read the scheduling attributes of thread " + tid);
        }
        return Duration.ofNanos(ns);
    }
}
