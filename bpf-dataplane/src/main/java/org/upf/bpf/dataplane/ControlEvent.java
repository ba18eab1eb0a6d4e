package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Mirror of struct upf_event: a packet handed to the control path, with the reason, where it came from, what it
 * matched and its first bytes. Host byte order; the packet bytes as on the wire.
 *
 * @param session session slot, 0 when not known
 * @param teid    local TEID of a GTP-U packet, 0 otherwise
 * @param pdr     matched PDR slot, 0 when none
 * @param head    the frame's first bytes (at most {@link #SNAPLEN})
 */
public record ControlEvent(long timestampNs, CpReason reason, int ifindex, int session, int teid, int pdr,
                           int frameLength, byte[] head) {
    public static final int LAYOUT_VERSION = 1;
    /** UPF_EVENT_SNAPLEN. */
    public static final int SNAPLEN = 128;
    public static final CStruct C = CStruct.of("upf_event", 160)
            .member("ts_ns", 0, 8)
            .member("reason", 8, 4)
            .member("ifindex", 12, 4)
            .member("session", 16, 4)
            .member("teid", 20, 4)
            .member("pdr", 24, 4)
            .member("pkt_len", 28, 2)
            .member("cap_len", 30, 2)
            .member("data", 32, SNAPLEN);

    public ControlEvent {
        head = head.clone();
    }

    @Override
    public byte[] head() {
        return head.clone();
    }

    static ControlEvent read(ByteBuffer rec) {
        int cap = Math.min(Short.toUnsignedInt(rec.getShort(C.offset("cap_len"))), SNAPLEN);
        byte[] head = new byte[cap];
        rec.get(C.offset("data"), head);
        return new ControlEvent(rec.getLong(C.offset("ts_ns")), CpReason.of(rec.getInt(C.offset("reason"))),
                rec.getInt(C.offset("ifindex")), rec.getInt(C.offset("session")), rec.getInt(C.offset("teid")),
                rec.getInt(C.offset("pdr")), Short.toUnsignedInt(rec.getShort(C.offset("pkt_len"))), head);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControlEvent e && e.timestampNs == timestampNs && e.reason == reason
                && e.ifindex == ifindex && e.session == session && e.teid == teid && e.pdr == pdr
                && e.frameLength == frameLength && Arrays.equals(e.head, head);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestampNs) * 31 + Arrays.hashCode(head);
    }

    @Override
    public String toString() {
        return "ControlEvent[" + reason + " if " + ifindex + " session " + session + " teid " + teid + " pdr " + pdr
                + " len " + frameLength + "]";
    }
}
