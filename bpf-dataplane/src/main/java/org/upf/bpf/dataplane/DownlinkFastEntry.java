package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Mirror of struct upf_fast, the front of a UE address's {@link UeSet}: the downlink rule of a UE address whose
 * session is simple enough, so the data path forwards its packets from it and the counters instead of walking PDR,
 * FAR and QERs (docs/dataplane.md, "Fast entries"). Built by {@link #of} only when it applies exactly what the
 * walk would.
 *
 * @param markQfi the QFI the QER marks, or null for none
 * @param rqi     with it, Reflective QoS Indication
 */
public record DownlinkFastEntry(Integer markQfi, boolean rqi, int pdr, int session, int urr, FarRule far)
        implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 1;
    /** enum upf_fast_flags. */
    static final int FLAG_ON = 1;
    static final int FLAG_MARK = 1 << 2;
    static final int FLAG_RQI = 1 << 3;
    public static final CStruct C = CStruct.of("upf_fast", 60)
            .member("flags", 0, 1)
            .member("mark_qfi", 1, 1)
            .member("_pad", 2, 2)
            .member("pdr", 4, 4)
            .member("session", 8, 4)
            .member("urr", 12, 4)
            .member("far", 16, FarRule.C.size());

    /**
     * The fast entry of a UE address of session s with PDR slots pdrs, or null when the walk must decide: more than
     * one PDR, a PDR that is not downlink or has a QFI or SDF filter or two URRs, a FAR other than FORW alone, a QER
     * that does more than mark downlink packets (closed gate, MBR, GBR).
     */
    public static DownlinkFastEntry of(SessionRules s, List<Integer> pdrs) {
        if (pdrs.size() != 1) {
            return null;
        }
        PdrRule p = s.pdrTable().get(pdrs.get(0));
        return of(pdrs.get(0), p, s.farTable().get(p.far()), s.qerTable().get(p.qer()), s.qerTable().get(p.ambrQer()),
                s.session());
    }

    /** The same for one PDR (slot pdrSlot) with its FAR and QERs (null: none), for writers without SessionRules. */
    public static DownlinkFastEntry of(int pdrSlot, PdrRule p, FarRule far, QerRule qer, QerRule ambr, int session) {
        if (p.direction() != Direction.DOWNLINK || p.qfi() != null || p.sdf() != null || p.urr2() != 0
                || far.applyAction() != FarRule.FORW
                || !QerRule.onlyMarks(qer, Direction.DOWNLINK) || !QerRule.onlyMarks(ambr, Direction.DOWNLINK)) {
            return null;
        }
        Integer mark = qer == null ? null : qer.qfi();
        return new DownlinkFastEntry(mark, mark != null && qer.rqi(), pdrSlot, session, p.urr(), far);
    }

    public void write(ByteBuffer buf, int at) {
        buf.put(at + C.offset("flags"), (byte) (FLAG_ON | (markQfi != null ? FLAG_MARK : 0) | (rqi ? FLAG_RQI : 0)));
        buf.put(at + C.offset("mark_qfi"), (byte) (markQfi == null ? 0 : markQfi));
        buf.putShort(at + C.offset("_pad"), (short) 0);
        buf.putInt(at + C.offset("pdr"), pdr);
        buf.putInt(at + C.offset("session"), session);
        buf.putInt(at + C.offset("urr"), urr);
        far.write(buf, at + C.offset("far"));
    }
}
