package org.upf.bpf;

/** Kernel program types (enum bpf_prog_type); the ordinal is the kernel value. */
public enum BpfProgramType {
    UNSPEC, SOCKET_FILTER, KPROBE, SCHED_CLS, SCHED_ACT, TRACEPOINT, XDP, PERF_EVENT, CGROUP_SKB, CGROUP_SOCK,
    LWT_IN, LWT_OUT, LWT_XMIT, SOCK_OPS, SK_SKB, CGROUP_DEVICE, SK_MSG, RAW_TRACEPOINT, CGROUP_SOCK_ADDR,
    LWT_SEG6LOCAL, LIRC_MODE2, SK_REUSEPORT, FLOW_DISSECTOR, CGROUP_SYSCTL, RAW_TRACEPOINT_WRITABLE,
    CGROUP_SOCKOPT, TRACING, STRUCT_OPS, EXT, LSM, SK_LOOKUP, SYSCALL, NETFILTER;

    private static final BpfProgramType[] BY_VALUE = values();

    static BpfProgramType of(int kernelValue) {
        if (kernelValue < 0 || kernelValue >= BY_VALUE.length) {
            throw new IllegalArgumentException("unknown BPF program type " + kernelValue);
        }
        return BY_VALUE[kernelValue];
    }
}
