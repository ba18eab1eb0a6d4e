package org.upf.bpf;

/** Where the calling thread runs: per-CPU maps are only predictable from a thread that stays on one CPU. */
public final class CpuAffinity {
    private CpuAffinity() {}

    /** Restricts the calling thread to cpu and returns once it runs there. */
    public static void pinCurrentThread(int cpu) {
        BpfException.check(Native.pinThread(cpu), "cannot pin the thread to CPU " + cpu);
    }
}
