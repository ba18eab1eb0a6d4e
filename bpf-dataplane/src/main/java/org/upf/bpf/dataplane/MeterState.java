package org.upf.bpf.dataplane;

/**
 * Mirror of struct upf_meter: the kernel-owned policer state of a QER (GCRA theoretical arrival times, 1/16 ns).
 * The agent only ever writes it all-zero, when it installs the QER, which starts every bucket full.
 */
public final class MeterState {
    public static final int LAYOUT_VERSION = 1;
    public static final CStruct C = CStruct.of("upf_meter", 40)
            .member("lock", 0, 4)
            .member("_pad", 4, 4)
            .member("mbr_tat", 8, 16)
            .member("gbr_tat", 24, 16);

    private MeterState() {}
}
