package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Mirror of struct upf_ue_set, the value of a UE address in {@link #DL4_MAP}, {@link #DL6_MAP} and
 * {@link #DL6P_MAP}: its fast entry (none: the walk decides), then its PDR set. Layout 2 put the fast entry in
 * front of the v1 value, the {@link PdrSet}; layout 3 (same value) made the two hash maps BPF_F_NO_PREALLOC, as the
 * LPM trie always was, on the premise that an update frees the old element only after an RCU grace period, so that a
 * packet reads one whole value without switching off around a change. Since Linux 6.1 a non-preallocated hash may
 * hand the replaced element to the next update at once, as a preallocated one does (a packet could read another UE's
 * FAR from it): open, docs/dataplane.md "Modify, downlink". The same value in a
 * slot of {@link DenseIndex#VALUES_MAP}, a preallocated ARRAY, is copied over in place and needs the switching
 * ({@link #inDenseSlot}).
 *
 * @param fast the downlink fast entry, or null
 */
public record UeSet(DownlinkFastEntry fast, PdrSet set) implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 3;
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

    /**
     * This value as a slot of {@link DenseIndex#VALUES_MAP} holds it: with {@link DenseIndex#LIVE} (a packet uses the
     * slot) or without (a packet sees no UE there), its fast entry switched on or off (the walk decides). Consecutive
     * writes of one slot differ in the flags octet alone, or the first has no LIVE: see docs/dataplane.md, "Dense
     * downlink index".
     */
    Dataplane.Writer inDenseSlot(boolean live, boolean fastOn) {
        return (buf, at) -> {
            write(buf, at);
            int octet = at + C.offset("fast") + DownlinkFastEntry.C.offset("flags");
            int flags = buf.get(octet) & 0xff;
            flags = live ? flags | DenseIndex.LIVE : flags & ~DenseIndex.LIVE;
            buf.put(octet, (byte) (fastOn ? flags : flags & ~DownlinkFastEntry.FLAG_ON));
        };
    }

    public void write(ByteBuffer buf, int at) {
        if (fast != null) {
            fast.write(buf, at + C.offset("fast"));
        }
        set.write(buf, at + C.offset("set"));
    }
}
