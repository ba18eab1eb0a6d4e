package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;

/** Mirror of struct upf_counter: packets and frame bytes of one drop or control-path reason, summed over CPUs. */
public record Counter(long packets, long bytes) {
    public static final int LAYOUT_VERSION = 1;
    public static final CStruct C = CStruct.of("upf_counter", 16)
            .member("packets", 0, 8)
            .member("bytes", 8, 8);
    public static final Counter ZERO = new Counter(0, 0);

    /** Sums a per-CPU value buffer (as {@link org.upf.bpf.BpfMap#lookup} fills it) of cpus values. */
    public static Counter sumPerCpu(ByteBuffer buf, int cpus) {
        return sumPerCpu(buf, cpus, C.size(), 0);
    }

    /** Sums the counter at offset within each CPU's value of stride octets (a counter inside a larger struct). */
    public static Counter sumPerCpu(ByteBuffer buf, int cpus, int stride, int offset) {
        long packets = 0;
        long bytes = 0;
        for (int cpu = 0; cpu < cpus; cpu++) {
            packets += buf.getLong(cpu * stride + offset + C.offset("packets"));
            bytes += buf.getLong(cpu * stride + offset + C.offset("bytes"));
        }
        return new Counter(packets, bytes);
    }
}
