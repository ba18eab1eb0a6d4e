package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;

/**
 * Mirror of struct upf_config (upf_maps.h), the single entry of upf_config_v2. Host byte order. Version 2 put
 * nexthop_ttl_ms where version 1 had padding.
 */
public record UpfConfig(long notifyIntervalNs, int teidSlotMask, int nextHopTtlMillis) {
    public static final int LAYOUT_VERSION = 2;
    public static final String MAP = "upf_config_v" + LAYOUT_VERSION;
    public static final CStruct C = CStruct.of("upf_config", 16)
            .member("notify_interval_ns", 0, 8)
            .member("teid_slot_mask", 8, 4)
            .member("nexthop_ttl_ms", 12, 4);

    public void write(ByteBuffer buf, int at) {
        buf.putLong(at + C.offset("notify_interval_ns"), notifyIntervalNs);
        buf.putInt(at + C.offset("teid_slot_mask"), teidSlotMask);
        buf.putInt(at + C.offset("nexthop_ttl_ms"), nextHopTtlMillis);
    }
}
