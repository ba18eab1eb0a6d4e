package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;

/**
 * Mirror of struct upf_usage: a URR's volume (inner IP bytes of forwarded packets) and packets, summed over CPUs.
 * Host byte order. Total volume is uplink + downlink (TS 29.244 §8.2.40).
 */
public record Usage(long uplinkBytes, long uplinkPackets, long downlinkBytes, long downlinkPackets) {
    public static final int LAYOUT_VERSION = 1;
    public static final CStruct C = CStruct.of("upf_usage", 32)
            .member("ul_bytes", 0, 8)
            .member("ul_packets", 8, 8)
            .member("dl_bytes", 16, 8)
            .member("dl_packets", 24, 8);

    public long totalBytes() {
        return uplinkBytes + downlinkBytes;
    }

    public long totalPackets() {
        return uplinkPackets + downlinkPackets;
    }

    /** Sums a per-CPU value buffer of cpus values, stride roundup(size, 8). */
    static Usage sumPerCpu(ByteBuffer buf, int cpus) {
        return sumPerCpu(buf, 0, cpus);
    }

    /** Sums the per-CPU value that starts at offset of buf (one entry of a batch). */
    static Usage sumPerCpu(ByteBuffer buf, int offset, int cpus) {
        long[] s = new long[4];
        int stride = (C.size() + 7) & ~7;
        for (int cpu = 0; cpu < cpus; cpu++) {
            for (int i = 0; i < 4; i++) {
                s[i] += buf.getLong(offset + cpu * stride + 8 * i);
            }
        }
        return new Usage(s[0], s[1], s[2], s[3]);
    }
}
