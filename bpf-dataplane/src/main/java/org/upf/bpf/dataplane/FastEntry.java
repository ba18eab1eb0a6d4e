package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Mirror of struct upf_fast: the one-line rule of a TEID or UE address whose session is simple enough, so the data
 * path forwards its packets from that line and the counters instead of walking PDR, session, FAR and QERs (see
 * docs/dataplane.md, "Fast entry"). Built by {@link #of} from the rules the full walk would apply, and only when it
 * applies exactly what the walk would: a packet gets the same bytes, counters and drop reasons either way.
 *
 * @param on      UPF_FAST_ON: false writes the entry with the full walk in charge (see {@link Dataplane#modify})
 * @param pdrQfi  the PDI's QFI, or null for any
 * @param markQfi the QFI the QER marks, or null to keep the packet's
 * @param ue      uplink: the session's UE addresses (anti-spoofing), null for a downlink PDR
 * @param teid    the local TEID of an uplink entry point, 0 for a UE address
 */
public record FastEntry(boolean on, Direction direction, Integer pdrQfi, Integer markQfi, boolean rqi, int pdr,
                        int session, int urr, FarRule far, UeSession ue, int teid) implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 1;
    /** enum upf_fast_flags. */
    static final int FLAG_ON = 1;
    static final int FLAG_DL = 1 << 1;
    static final int FLAG_PDI_QFI = 1 << 2;
    static final int FLAG_MARK = 1 << 3;
    static final int FLAG_RQI = 1 << 4;
    public static final CStruct C = CStruct.of("upf_fast", 64)
            .member("flags", 0, 1)
            .member("qfi", 1, 1)
            .member("mark_qfi", 2, 1)
            .member("_pad", 3, 1)
            .member("pdr", 4, 4)
            .member("session", 8, 4)
            .member("urr", 12, 4)
            .member("rule", 16, 44)
            .member("teid", 60, 4);

    /**
     * The fast entry of the entry point with PDR slots pdrs (local TEID teid, 0 for a UE address) of session s, or
     * null when the full walk must decide: more than one PDR, an SDF filter, a FAR other than FORW alone, an uplink
     * FAR with Outer Header Creation (the UE addresses take its place), a QER with a closed gate or an MBR/GBR in the
     * PDR's direction, or two URRs.
     */
    public static FastEntry of(SessionRules s, List<Integer> pdrs, int teid) {
        if (pdrs.size() != 1) {
            return null;
        }
        PdrRule p = s.pdrs().get(pdrs.get(0));
        return of(pdrs.get(0), p, s.fars().get(p.far()), s.qers().get(p.qer()), s.qers().get(p.ambrQer()),
                s.session(), s.ue(), teid);
    }

    /** The same for one PDR (slot pdrSlot) with its FAR and QERs (null: none), for writers without SessionRules. */
    public static FastEntry of(int pdrSlot, PdrRule p, FarRule far, QerRule qer, QerRule ambr, int session,
                               UeSession ue, int teid) {
        boolean uplink = p.direction() == Direction.UPLINK;
        if (p.sdf() != null || p.urr2() != 0 || far.applyAction() != FarRule.FORW
                || (uplink && far.outerHeader() != OuterHeader.NONE)
                || !unmetered(qer, p.direction()) || !unmetered(ambr, p.direction())) {
            return null;
        }
        Integer mark = qer == null ? null : qer.qfi();
        return new FastEntry(true, p.direction(), p.qfi(), mark, mark != null && qer.rqi(), pdrSlot, session, p.urr(),
                far, uplink ? ue : null, teid);
    }

    /** An open QER with neither MBR nor GBR in direction d does nothing but mark. */
    private static boolean unmetered(QerRule q, Direction d) {
        if (q == null) {
            return true;
        }
        QerRule.Rate r = d == Direction.UPLINK ? q.uplink() : q.downlink();
        boolean open = d == Direction.UPLINK ? q.uplinkOpen() : q.downlinkOpen();
        return open && r.mbrBps() == 0 && r.gbrBps() == 0;
    }

    /** This entry with the full walk in charge: the same octets but the UPF_FAST_ON flag. */
    public FastEntry off() {
        return new FastEntry(false, direction, pdrQfi, markQfi, rqi, pdr, session, urr, far, ue, teid);
    }

    public void write(ByteBuffer buf, int at) {
        int flags = (on ? FLAG_ON : 0) | (direction == Direction.DOWNLINK ? FLAG_DL : 0)
                | (pdrQfi != null ? FLAG_PDI_QFI : 0) | (markQfi != null ? FLAG_MARK : 0) | (rqi ? FLAG_RQI : 0);
        buf.put(at + C.offset("flags"), (byte) flags);
        buf.put(at + C.offset("qfi"), (byte) (pdrQfi == null ? 0 : pdrQfi));
        buf.put(at + C.offset("mark_qfi"), (byte) (markQfi == null ? 0 : markQfi));
        buf.put(at + C.offset("_pad"), (byte) 0);
        buf.putInt(at + C.offset("pdr"), pdr);
        buf.putInt(at + C.offset("session"), session);
        buf.putInt(at + C.offset("urr"), urr);
        far.write(buf, at + C.offset("rule"));
        if (ue != null) {
            ue.write(buf, at + C.offset("rule")); // over the outer addresses an uplink FAR does not have
        }
        buf.putInt(at + C.offset("teid"), teid);
    }
}
