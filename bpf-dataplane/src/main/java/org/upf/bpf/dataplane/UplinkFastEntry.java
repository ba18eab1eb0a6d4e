package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Mirror of struct upf_fast_ul, the value of {@link #MAP} (indexed like upf_teid_v1 by TEID slot): the uplink rule
 * of a TEID whose session is simple enough, so the data path forwards its G-PDUs from these 32 octets and the
 * counters instead of walking PDR, session, FAR and QERs (docs/dataplane.md, "Fast entries"). Built by {@link #of}
 * only when it applies exactly what the walk would: the same bytes, counters and drop reasons either way.
 *
 * @param on     UPF_FAST_ON; false keeps the walk in charge (see {@link Dataplane#modify})
 * @param pdrQfi the PDI's QFI, or null for any
 * @param ue     the session's UE addresses (anti-spoofing), IPv6 prefix at most /64
 * @param teid   the full local TEID
 */
public record UplinkFastEntry(boolean on, Integer pdrQfi, int pdr, int session, int urr, UeSession ue, int teid)
        implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 1;
    public static final String MAP = "upf_ulfast_v" + LAYOUT_VERSION;
    /** enum upf_fast_flags. */
    static final int FLAG_ON = 1;
    static final int FLAG_PDI_QFI = 1 << 1;
    /** Prefix bits the entry holds. */
    static final int PREFIX_BITS = 64;
    public static final CStruct C = CStruct.of("upf_fast_ul", 32)
            .member("flags", 0, 1)
            .member("qfi", 1, 1)
            .member("ue_ipv6_plen", 2, 1)
            .member("_pad", 3, 1)
            .member("pdr", 4, 4)
            .member("session", 8, 4)
            .member("urr", 12, 4)
            .member("ue_ipv4", 16, 4)
            .member("ue_ipv6", 20, PREFIX_BITS / 8)
            .member("teid", 28, 4);

    /**
     * The fast entry of local TEID teid of session s, or null when the walk must decide: more than one PDR, a PDR that
     * is not uplink or has an SDF filter or two URRs, a FAR other than FORW alone or with Outer Header Creation (N9),
     * a QER that does more than mark uplink packets (closed gate, MBR, GBR), or a UE prefix longer than /64.
     */
    public static UplinkFastEntry of(SessionRules s, int teid) {
        List<Integer> pdrs = s.uplinkTable().get(teid);
        if (pdrs.size() != 1) {
            return null;
        }
        PdrRule p = s.pdrTable().get(pdrs.get(0));
        return of(pdrs.get(0), p, s.farTable().get(p.far()), s.qerTable().get(p.qer()), s.qerTable().get(p.ambrQer()),
                s.session(), s.ue(), teid);
    }

    /** The same for one PDR (slot pdrSlot) with its FAR and QERs (null: none), for writers without SessionRules. */
    public static UplinkFastEntry of(int pdrSlot, PdrRule p, FarRule far, QerRule qer, QerRule ambr, int session,
                                     UeSession ue, int teid) {
        if (p.direction() != Direction.UPLINK || p.sdf() != null || p.urr2() != 0
                || far.applyAction() != FarRule.FORW || far.outerHeader() != OuterHeader.NONE
                || !QerRule.onlyMarks(qer, Direction.UPLINK) || !QerRule.onlyMarks(ambr, Direction.UPLINK)
                || (ue.ipv6Prefix() != null && ue.ipv6PrefixLength() > PREFIX_BITS)) {
            return null;
        }
        return new UplinkFastEntry(true, p.qfi(), pdrSlot, session, p.urr(), ue, teid);
    }

    /** This entry with the walk in charge: the same octets but the UPF_FAST_ON flag. */
    public UplinkFastEntry off() {
        return new UplinkFastEntry(false, pdrQfi, pdr, session, urr, ue, teid);
    }

    public void write(ByteBuffer buf, int at) {
        buf.put(at + C.offset("flags"), (byte) ((on ? FLAG_ON : 0) | (pdrQfi != null ? FLAG_PDI_QFI : 0)));
        buf.put(at + C.offset("qfi"), (byte) (pdrQfi == null ? 0 : pdrQfi));
        buf.put(at + C.offset("ue_ipv6_plen"), (byte) (ue.ipv6Prefix() == null ? 0 : ue.ipv6PrefixLength()));
        buf.put(at + C.offset("_pad"), (byte) 0);
        buf.putInt(at + C.offset("pdr"), pdr);
        buf.putInt(at + C.offset("session"), session);
        buf.putInt(at + C.offset("urr"), urr);
        buf.put(at + C.offset("ue_ipv4"), ue.ipv4() == null ? new byte[4] : ue.ipv4().getAddress());
        byte[] prefix = ue.ipv6Prefix() == null ? new byte[16] : ue.ipv6Prefix().getAddress();
        buf.put(at + C.offset("ue_ipv6"), prefix, 0, PREFIX_BITS / 8);
        buf.putInt(at + C.offset("teid"), teid);
    }
}
