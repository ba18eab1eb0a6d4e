package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Mirror of struct upf_pdr_set: the fast entry and the PDR slots that may match one local TEID (uplink,
 * {@link #TEID_MAP}) or one UE address (downlink, {@link #DL4_MAP} / {@link #DL6_MAP} / {@link #DL6P_MAP}), in
 * precedence order. Host byte order. Layout 2 put the {@link FastEntry} in front.
 *
 * @param pdrs    PDR slots, lowest precedence value first (at most {@link #MAX_PDRS})
 * @param session session slot (anti-spoofing reference, notification key)
 * @param teid    uplink: the full local TEID, 0 for downlink sets
 * @param fast    the entry point's fast entry, or null: the full rule walk decides
 */
public record PdrSet(List<Integer> pdrs, int session, int teid, FastEntry fast) implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 2;
    public static final String TEID_MAP = "upf_teid_v" + LAYOUT_VERSION;
    public static final String DL4_MAP = "upf_dl4_v" + LAYOUT_VERSION;
    public static final String DL6_MAP = "upf_dl6_v" + LAYOUT_VERSION;
    public static final String DL6P_MAP = "upf_dl6p_v" + LAYOUT_VERSION;
    /** UPF_SET_PDRS. */
    public static final int MAX_PDRS = 8;
    public static final CStruct C = CStruct.of("upf_pdr_set", 104)
            .member("fast", 0, FastEntry.C.size())
            .member("pdr", 64, 4 * MAX_PDRS)
            .member("session", 96, 4)
            .member("teid", 100, 4);

    /** A set without a fast entry. */
    public PdrSet(List<Integer> pdrs, int session, int teid) {
        this(pdrs, session, teid, null);
    }

    public PdrSet {
        pdrs = List.copyOf(pdrs);
        if (pdrs.isEmpty() || pdrs.size() > MAX_PDRS) {
            throw new IllegalArgumentException("a PDR set holds 1 to " + MAX_PDRS + " PDRs, got " + pdrs.size());
        }
        if (pdrs.contains(0) || session == 0) {
            throw new IllegalArgumentException("slot 0 means none; PDR and session slots start at 1");
        }
    }

    /** This set with its fast entry, if any, switched off. */
    public PdrSet fastOff() {
        return fast == null ? this : new PdrSet(pdrs, session, teid, fast.off());
    }

    public void write(ByteBuffer buf, int at) {
        if (fast != null) {
            fast.write(buf, at + C.offset("fast"));
        }
        for (int i = 0; i < MAX_PDRS; i++) {
            buf.putInt(at + C.offset("pdr") + 4 * i, i < pdrs.size() ? pdrs.get(i) : 0);
        }
        buf.putInt(at + C.offset("session"), session);
        buf.putInt(at + C.offset("teid"), teid);
    }
}
