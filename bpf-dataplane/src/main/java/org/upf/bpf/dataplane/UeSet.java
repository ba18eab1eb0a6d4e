package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Mirror of struct upf_ue_set, the value of a UE in a slot of {@link DenseIndex#VALUES_MAP}: its fast entry (none: the
 * walk decides), then its PDR set, with {@link DenseIndex#LIVE} once whole ({@link #inDenseSlot}). The slot is a dense
 * range's, or one {@link UeSlots} handed out to a UE found by {@link #DL4_MAP}, {@link #DL6_MAP} or {@link #DL6P_MAP},
 * whose value is that slot (a __u32). Layouts of those maps: 2 put the fast entry in front of the v1 value (the
 * {@link PdrSet}); 3 (same value) made the two hashes BPF_F_NO_PREALLOC, on the premise that an update frees the old
 * element only after an RCU grace period, which since Linux 6.1 (commit 0fd7c5d43339) no longer holds: a replaced
 * element may be reused at once by the next update, so a packet could read another UE's FAR from it; 4 holds the slot
 * alone, written once per key, and the value lives in the gated slot (docs/dataplane.md, "Modify, downlink"). A v3
 * pin is left in place (its UEs are not found by a v4 program): migrate by installing its sessions again.
 *
 * @param fast the downlink fast entry, or null
 */
public record UeSet(DownlinkFastEntry fast, PdrSet set) implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 4;
    public static final String DL4_MAP = "upf_dl4_v" + LAYOUT_VERSION;
    public static final String DL6_MAP = "upf_dl6_v" + LAYOUT_VERSION;
    public static final String DL6P_MAP = "upf_dl6p_v" + LAYOUT_VERSION;
    public static final CStruct C = CStruct.of("upf_ue_set", 100)
            .member("fast", 0, DownlinkFastEntry.C.size())
            .member("set", 60, PdrSet.C.size());

    /** The value of a UE address of s with PDR slots pdrs, in a dense range's slot. */
    static UeSet of(SessionRules s, List<Integer> pdrs) {
        return of(s, pdrs, 0);
    }

    /** The same in a slot a hash or trie key names: tag, the key's {@link UeSlots#tag}, in the set's teid word. */
    static UeSet of(SessionRules s, List<Integer> pdrs, int tag) {
        return new UeSet(DownlinkFastEntry.of(s, pdrs), new PdrSet(pdrs, s.session(), tag));
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
