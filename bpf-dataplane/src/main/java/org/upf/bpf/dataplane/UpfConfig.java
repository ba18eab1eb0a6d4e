package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;

/**
 * Mirror of struct upf_config (upf_maps.h), the single entry of upf_config_v3. Host byte order. Version 2 put
 * nexthop_ttl_ms where version 1 had padding; version 3 added n9_ifindex (0 = no N9 interface), which
 * {@link Dataplane#attach} sets for {@link Dataplane.Role#N9}.
 */
public record UpfConfig(long notifyIntervalNs, int teidSlotMask, int nextHopTtlMillis, int n9Ifindex) {
    public static final int LAYOUT_VERSION = 3;
    public static final String MAP = "upf_config_v" + LAYOUT_VERSION;
    public static final CStruct C = CStruct.of("upf_config", 24)
            .member("notify_interval_ns", 0, 8)
            .member("teid_slot_mask", 8, 4)
            .member("nexthop_ttl_ms", 12, 4)
            .member("n9_ifindex", 16, 4)
            .member("_pad", 20, 4);

    public void write(ByteBuffer buf, int at) {
        buf.putLong(at + C.offset("notify_interval_ns"), notifyIntervalNs);
        buf.putInt(at + C.offset("teid_slot_mask"), teidSlotMask);
        buf.putInt(at + C.offset("nexthop_ttl_ms"), nextHopTtlMillis);
        buf.putInt(at + C.offset("n9_ifindex"), n9Ifindex);
        buf.putInt(at + C.offset("_pad"), 0);
    }
}
