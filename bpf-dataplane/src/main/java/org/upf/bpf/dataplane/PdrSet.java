package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Mirror of struct upf_pdr_set: the PDR slots that may match one local TEID (uplink, upf_teid_v1) or one UE
 * address (downlink, inside a {@link UeSet}), in precedence order. Host byte order.
 *
 * @param pdrs    PDR slots, lowest precedence value first (at most {@link #MAX_PDRS})
 * @param session session slot (anti-spoofing reference, notification key)
 * @param teid    uplink: the full local TEID, 0 for downlink sets
 */
public record PdrSet(List<Integer> pdrs, int session, int teid) implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 1;
    /** The uplink rules: TEID slot -> set. */
    public static final String TEID_MAP = "upf_teid_v" + LAYOUT_VERSION;
    /** Layout version of {@link #STAGING_MAP} (v1: a hash by full TEID). */
    public static final int STAGING_LAYOUT_VERSION = 2;
    /**
     * The TEID sets' staging entries: TEID slot -> set, gated as the slot (teid word open or closed). A modification
     * writes the new set here, open, while the slot is open; the program reads it while the slot is closed
     * ({@link Dataplane#modify}).
     */
    public static final String STAGING_MAP = "upf_teidstg_v" + STAGING_LAYOUT_VERSION;
    /** UPF_SET_PDRS. */
    public static final int MAX_PDRS = 8;
    public static final CStruct C = CStruct.of("upf_pdr_set", 40)
            .member("pdr", 0, 4 * MAX_PDRS)
            .member("session", 32, 4)
            .member("teid", 36, 4);

    public PdrSet {
        pdrs = List.copyOf(pdrs);
        if (pdrs.isEmpty() || pdrs.size() > MAX_PDRS) {
            throw new IllegalArgumentException("a PDR set holds 1 to " + MAX_PDRS + " PDRs, got " + pdrs.size());
        }
        if (pdrs.contains(0) || session == 0) {
            throw new IllegalArgumentException("slot 0 means none; PDR and session slots start at 1");
        }
    }

    /**
     * This uplink set with its slot closed: the teid word with every slot bit flipped (teid ^ slotMask), which no
     * packet reading the slot carries; nor does any mix of its octets with those of this TEID or of another closed
     * TEID of the slot (each octet holding slot bits then differs from the slot's), so opening or closing a slot is a
     * write of that word alone and a packet reads the rest whole or not at all (docs/dataplane.md, "Writing rules
     * without half-rules").
     */
    Dataplane.Writer closed(int slotMask) {
        return (buf, at) -> {
            write(buf, at);
            buf.putInt(at + C.offset("teid"), teid ^ slotMask);
        };
    }

    public void write(ByteBuffer buf, int at) {
        for (int i = 0; i < MAX_PDRS; i++) {
            buf.putInt(at + C.offset("pdr") + 4 * i, i < pdrs.size() ? pdrs.get(i) : 0);
        }
        buf.putInt(at + C.offset("session"), session);
        buf.putInt(at + C.offset("teid"), teid);
    }
}
