package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;

/** Mirror of struct upf_config (upf_maps.h), the single entry of upf_config_v1. Host byte order. */
public record UpfConfig(long notifyIntervalNs, int teidSlotMask) {
    public static final int LAYOUT_VERSION = 1;
    public static final CStruct C = CStruct.of("upf_config", 16)
            .member("notify_interval_ns", 0, 8)
            .member("teid_slot_mask", 8, 4)
            .member("_pad", 12, 4);

    public void write(ByteBuffer buf, int at) {
        buf.putLong(at + C.offset("notify_interval_ns"), notifyIntervalNs);
        buf.putInt(at + C.offset("teid_slot_mask"), teidSlotMask);
        buf.putInt(at + C.offset("_pad"), 0);
    }
}
