package org.upf.control.session;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.upf.bpf.dataplane.Direction;
import org.upf.bpf.dataplane.FarRule;
import org.upf.bpf.dataplane.OuterHeader;
import org.upf.bpf.dataplane.PdrRule;
import org.upf.bpf.dataplane.PdrSet;
import org.upf.bpf.dataplane.QerRule;
import org.upf.bpf.dataplane.SessionRules;
import org.upf.bpf.dataplane.UeSession;
import org.upf.pfcp.ie.BitRate;
import org.upf.pfcp.ie.FailedRuleId;

/**
 * Turns a session's PFCP rules into the data path's {@link SessionRules}: rule IDs become slots, PDRs become
 * entry points (local TEID for GTP-U ingress, UE address for N6 ingress) in precedence order (TS 29.244 §5.2.1:
 * the lowest Precedence value wins), cross references are checked (a PDR naming a FAR, QER or URR the session
 * does not have fails with that PDR's ID).
 */
final class RulesTranslator {
    /**
     * Token bucket depth of a policer, as traffic time at the rate. TS 29.244 leaves the burst to the UPF; 100 ms
     * absorbs TCP bursts without letting a flow exceed its MBR for long.
     */
    static final int BURST_MILLIS = 100;
    private static final int MIN_BURST_BYTES = 2 * 1514;

    /** What a PDR forwards to once a quota of its URR is used up and no FAR ID for Quota Action is given. */
    private static final FarRule QUOTA_DROP = new FarRule(FarRule.DROP, OuterHeader.NONE, null, null, 0, null);

    private RulesTranslator() {
    }

    /**
     * The key in SessionState.farSlots of a quota URR's DROP FAR: negative, so never a PFCP FAR ID (Unsigned32,
     * §8.2.74).
     */
    static long quotaDropFar(long urrId) {
        return -1 - urrId;
    }

    /** Plain loops, no streams or per-rule lambdas: this runs once per establishment (issue 5: rate). */
    static SessionRules translate(SessionState s, UpResources res) {
        if (s.ueIpv4 == null && s.ueIpv6Prefix == null) {
            int first = s.pdrs.isEmpty() ? 0 : s.pdrs.keySet().iterator().next();
            throw PdrSpec.fail(first, "the session has no UE IP address (no PDR carries one)");
        }
        SessionRules.Builder b = SessionRules.builder(s.slot,
                new UeSession(s.ueIpv4, s.ueIpv6Prefix, s.ueIpv6Prefix == null ? 0 : s.ueIpv6PrefixLength));
        for (int i = 0; i < s.fars.size(); i++) {
            FarSpec f = s.fars.valueAt(i);
            b.far(s.farSlots.get(f.id()), far(f, res));
        }
        for (int i = 0; i < s.farSlots.size(); i++) {
            if (s.farSlots.keyAt(i) < 0) {
                b.far(s.farSlots.valueAt(i), QUOTA_DROP);
            }
        }
        for (int i = 0; i < s.qers.size(); i++) {
            QerSpec q = s.qers.valueAt(i);
            b.qer(s.qerSlots.get(q.id()), qer(q));
        }
        for (int i = 0; i < s.urrSlots.size(); i++) {
            b.urr(s.urrSlots.valueAt(i));
        }
        PdrSpec[] ordered = new PdrSpec[s.pdrs.size()];
        for (int i = 0; i < ordered.length; i++) {
            ordered[i] = s.pdrs.valueAt(i);
        }
        if (ordered.length > 1) {
            Arrays.sort(ordered, BY_PRECEDENCE);
        }
        List<PdrSpec> downlink = new ArrayList<>(ordered.length);
        for (PdrSpec p : ordered) {
            b.pdr(s.pdrSlots.get(p.id()), pdr(p, s));
            if (p.fteid() == null) {
                downlink.add(p);
            } else if (!p.removesGtpu()) {
                throw PdrSpec.fail(p.id(), "a GTP-U PDR needs Outer Header Removal GTP-U (the data path always"
                        + " decapsulates)");
            }
        }
        uplink(b, ordered, s);
        if (!downlink.isEmpty()) {
            Integer[] dl = slots(downlink, s);
            if (s.ueIpv4 != null && anyAddresses(downlink, true)) {
                b.downlink(s.ueIpv4, dl);
            }
            if (s.ueIpv6Prefix != null && anyAddresses(downlink, false)) {
                b.downlinkPrefix(s.ueIpv6Prefix, s.ueIpv6PrefixLength, dl);
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("translated rules are inconsistent: " + e.getMessage(), e);
        }
    }

    private static final Comparator<PdrSpec> BY_PRECEDENCE = Comparator.comparingLong(PdrSpec::precedence);

    /** Each local TEID of the GTP-U PDRs (in order of their first PDR) with its PDRs in precedence order. */
    private static void uplink(SessionRules.Builder b, PdrSpec[] ordered, SessionState s) {
        List<PdrSpec> same = new ArrayList<>(ordered.length);
        for (int i = 0; i < ordered.length; i++) {
            PdrSpec first = ordered[i];
            if (first.fteid() == null) {
                continue;
            }
            int teid = s.pdrTeids.get(first.id());
            if (isEarlierTeid(ordered, i, teid, s)) {
                continue;
            }
            same.clear();
            for (int j = i; j < ordered.length; j++) {
                if (ordered[j].fteid() != null && s.pdrTeids.get(ordered[j].id()) == teid) {
                    same.add(ordered[j]);
                }
            }
            b.uplinkTeid(teid, slots(same, s));
        }
    }

    private static boolean isEarlierTeid(PdrSpec[] ordered, int i, int teid, SessionState s) {
        for (int j = 0; j < i; j++) {
            if (ordered[j].fteid() != null && s.pdrTeids.get(ordered[j].id()) == teid) {
                return true;
            }
        }
        return false;
    }

    /** Whether a downlink PDR matches the UE's IPv4 (v4) or IPv6 address (UE IP Address IE or its CHOOSE flag). */
    private static boolean anyAddresses(List<PdrSpec> downlink, boolean v4) {
        for (int i = 0; i < downlink.size(); i++) {
            PdrSpec p = downlink.get(i);
            if (v4 ? p.ueIp().ipv4() != null || chv(p, 0x10) : p.ueIp().ipv6() != null || chv(p, 0x20)) {
                return true;
            }
        }
        return false;
    }

    private static boolean chv(PdrSpec p, int bit) {
        return (p.ueIp().flags() & bit) != 0;
    }

    private static Integer[] slots(List<PdrSpec> pdrs, SessionState s) {
        if (pdrs.size() > PdrSet.MAX_PDRS) {
            throw PdrSpec.fail(pdrs.get(PdrSet.MAX_PDRS).id(), "more than " + PdrSet.MAX_PDRS
                    + " PDRs match the same TEID or UE address");
        }
        Integer[] out = new Integer[pdrs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.pdrSlots.get(pdrs.get(i).id());
        }
        return out;
    }

    private static PdrRule pdr(PdrSpec p, SessionState s) {
        Integer far = s.farSlots.get(p.farId());
        if (far == null) {
            throw PdrSpec.fail(p.id(), "FAR " + p.farId() + " does not exist in this session");
        }
        Integer quota = quotaFar(p, s);
        if (quota != null) {
            far = quota;
        }
        if (p.qerIds().size() > 2 || p.urrIds().size() > 2) {
            throw PdrSpec.fail(p.id(), "at most two QERs (flow and session-AMBR) and two URRs per PDR");
        }
        Direction d = p.sourceInterface() == PdrSpec.ACCESS ? Direction.UPLINK : Direction.DOWNLINK;
        int qer = ref(p, p.qerIds(), 0, s.qerSlots, "QER");
        int ambrQer = ref(p, p.qerIds(), 1, s.qerSlots, "QER");
        int urr = ref(p, p.urrIds(), 0, s.urrSlots, "URR");
        int urr2 = ref(p, p.urrIds(), 1, s.urrSlots, "URR");
        return new PdrRule(far, qer, ambrQer, urr, urr2, d, p.qfi(), p.sdf());
    }

    /**
     * TS 29.244 §5.2.2.2.1: when a quota of one of the PDR's URRs is used up, the UP function stops forwarding its
     * packets, or applies the URR's FAR ID for Quota Action when the session has that FAR; null while no quota of its
     * URRs is used up.
     */
    private static Integer quotaFar(PdrSpec p, SessionState s) {
        for (long urrId : p.urrIds()) {
            Long qa = s.quotaStops.get(urrId);
            if (qa != null) {
                Integer action = qa >= 0 ? s.farSlots.get(qa) : null;
                return action != null ? action : s.farSlots.get(quotaDropFar(urrId));
            }
        }
        return null;
    }

    /** The slot of the i-th of a PDR's QER or URR IDs, 0 if it has fewer (no array per PDR: issue 5). */
    private static int ref(PdrSpec p, List<Long> ids, int i, Map<Long, Integer> slots, String what) {
        if (i >= ids.size()) {
            return 0;
        }
        Integer slot = slots.get(ids.get(i));
        if (slot == null) {
            throw PdrSpec.fail(p.id(), what + " " + ids.get(i) + " does not exist in this session");
        }
        return slot;
    }

    private static FarRule far(FarSpec f, UpResources res) {
        if (f.peer() == null) {
            return new FarRule(f.applyAction(), OuterHeader.NONE, null, null, 0, f.tos());
        }
        InetAddress local = f.destination() == FarSpec.ACCESS ? res.n3 : res.n9;
        if (local == null || (local instanceof Inet4Address) != (f.peer() instanceof Inet4Address)) {
            throw FarSpec.fail(f.id(), "no local " + (f.peer() instanceof Inet4Address ? "IPv4" : "IPv6")
                    + " address on the " + (f.destination() == FarSpec.ACCESS ? "N3" : "N9") + " interface");
        }
        OuterHeader kind = f.peer() instanceof Inet4Address ? OuterHeader.GTPU_IPV4 : OuterHeader.GTPU_IPV6;
        // TS 29.244 §8.2.24: a tunnel toward Access leads to the (R)AN over N3, any other (Core) to another UPF over
        // N9; the same choice as the local address, and what the interface counters count it as.
        return new FarRule(f.applyAction(), kind, f.peer(), local, (int) f.peerTeid(), f.tos(),
                f.destination() != FarSpec.ACCESS);
    }

    private static QerRule qer(QerSpec q) {
        try {
            return new QerRule(q.ulOpen(), q.dlOpen(), rate(q.mbr(), q.gbr(), true), rate(q.mbr(), q.gbr(), false),
                    q.qfi(), q.rqi());
        } catch (IllegalArgumentException e) {
            throw RuleException.rule(FailedRuleId.QER, q.id(), "QER " + q.id() + ": " + e.getMessage());
        }
    }

    /** §8.2.8 / §8.2.9 rates are kbit/s; the data path takes bit/s. */
    private static QerRule.Rate rate(BitRate mbr, BitRate gbr, boolean uplink) {
        long m = mbr == null ? 0 : 1000 * (uplink ? mbr.ulKbps() : mbr.dlKbps());
        long g = gbr == null ? 0 : 1000 * (uplink ? gbr.ulKbps() : gbr.dlKbps());
        return new QerRule.Rate(m, burst(m), g, burst(g));
    }

    private static int burst(long bps) {
        if (bps == 0) {
            return 0;
        }
        long bytes = bps / 8 * BURST_MILLIS / 1000;
        return (int) Math.min(QerRule.MAX_BURST_BYTES, Math.max(MIN_BURST_BYTES, bytes));
    }
}
