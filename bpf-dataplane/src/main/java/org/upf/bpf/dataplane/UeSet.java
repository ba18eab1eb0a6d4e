package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Mirror of struct upf_ue_set, the value of a UE in a slot of {@link DenseIndex#VALUES_MAP} (whose layout version it
 * shares, {@link DenseIndex#LAYOUT_VERSION}): its fast entry (none: the walk decides), then its PDR set, with
 * {@link DenseIndex#LIVE} once whole ({@link #inDenseSlot}). The slot is a dense range's, or one {@link UeSlots} handed
 * out to a UE found by hash or trie ({@link UeKeys}), whose set then carries the key's tag ({@link UeSlots#tag}).
 *
 * @param fast the downlink fast entry, or null
 */
public record UeSet(DownlinkFastEntry fast, PdrSet set) implements Dataplane.Writer {
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
