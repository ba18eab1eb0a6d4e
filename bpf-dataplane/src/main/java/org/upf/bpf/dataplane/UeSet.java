package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Mirror of struct upf_ue_set, the value of a UE address in {@link #DL4_MAP}, {@link #DL6_MAP} and
 * {@link #DL6P_MAP}: its fast entry (none: the walk decides), then its PDR set. Layout 2 put the fast entry in
 * front of the v1 value, the {@link PdrSet}. A hash or LPM update replaces a whole element, so unlike the uplink
 * fast entry this one needs no switching off around a change.
 *
 * @param fast the downlink fast entry, or null
 */
public record UeSet(DownlinkFastEntry fast, PdrSet set) implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 2;
    public static final String DL4_MAP = "upf_dl4_v" + LAYOUT_VERSION;
    public static final String DL6_MAP = "upf_dl6_v" + LAYOUT_VERSION;
    public static final String DL6P_MAP = "upf_dl6p_v" + LAYOUT_VERSION;
    public static final CStruct C = CStruct.of("upf_ue_set", 100)
            .member("fast", 0, DownlinkFastEntry.C.size())
            .member("set", 60, PdrSet.C.size());

    /** The value of a UE address of s with PDR slots pdrs. */
    static UeSet of(SessionRules s, List<Integer> pdrs) {
        return new UeSet(DownlinkFastEntry.of(s, pdrs), new PdrSet(pdrs, s.session(), 0));
    }

    public void write(ByteBuffer buf, int at) {
        if (fast != null) {
            fast.write(buf, at + C.offset("fast"));
        }
        set.write(buf, at + C.offset("set"));
    }
}
