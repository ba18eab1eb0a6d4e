package org.upf.bpf.dataplane;

/** enum upf_drop_reason (upf_counters.h): why the data path dropped a packet; code = index in upf_drop_v1. */
public enum DropReason {
    MALFORMED,
    UNKNOWN_TEID,
    NO_PDR,
    NO_FAR,
    FAR_DROP,
    GATE_CLOSED,
    MBR_EXCEEDED,
    SPOOFED,
    NESTED_GTP,
    FIB_MISS,
    FWD_DISABLED,
    TTL_EXPIRED,
    NOT_IP,
    NO_HEADROOM;

    /** The C enum value (declaration order, from 0). */
    public int code() {
        return ordinal();
    }
}
