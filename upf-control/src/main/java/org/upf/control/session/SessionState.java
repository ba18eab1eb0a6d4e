package org.upf.control.session;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One PFCP session as a request works on it: the SMF's rules by ID, the data-path slot of each, the local TEIDs and
 * UE addresses it holds. Decoded from the session's {@link SessionRecord} (the compact form kept between requests);
 * a modification works on a {@link #copy()} and the agent keeps a new record of it only once the data path accepted
 * the change (all or nothing).
 */
final class SessionState {
    final long seid;
    final int slot;
    final String association;
    long cpSeid;
    InetSocketAddress cp;
    final RuleMap<Integer, PdrSpec> pdrs = new RuleMap<>();
    final RuleMap<Long, FarSpec> fars = new RuleMap<>();
    final RuleMap<Long, QerSpec> qers = new RuleMap<>();
    final RuleMap<Long, UrrSpec> urrs = new RuleMap<>();
    final RuleMap<Integer, Integer> pdrSlots = new RuleMap<>();
    final RuleMap<Long, Integer> farSlots = new RuleMap<>();
    final RuleMap<Long, Integer> qerSlots = new RuleMap<>();
    final RuleMap<Long, Integer> urrSlots = new RuleMap<>();
    /** URR ID -> its reporting state, shared with the copies (a URR kept by a modification keeps measuring). */
    final RuleMap<Long, UrrMeter> meters = new RuleMap<>();
    /** PDR ID -> local TEID of its F-TEID. */
    final RuleMap<Integer, Integer> pdrTeids = new RuleMap<>();
    /** F-TEID CHOOSE ID -> the TEID chosen for it (TS 29.244 §5.2.1: shared by PDRs with the same CHOOSE ID). */
    final RuleMap<Integer, Integer> chosenTeids = new RuleMap<>();
    /**
     * URR ID -> the FAR ID for Quota Action (-1: drop) of each URR whose used-up quota the rules stop
     * (TS 29.244 §5.2.2.2.1), as of the last translation written to the maps; see {@link #takeQuotaStops()}.
     */
    final RuleMap<Long, Long> quotaStops = new RuleMap<>();
    Inet4Address ueIpv4;
    Inet6Address ueIpv6Prefix;
    int ueIpv6PrefixLength;
    /** Whether the UE addresses came from our pools (UE IP CHOOSE) and go back there. */
    boolean ueIpv4Pooled;
    boolean ueIpv6Pooled;

    SessionState(long seid, int slot, String association, long cpSeid, InetSocketAddress cp) {
        this.seid = seid;
        this.slot = slot;
        this.association = association;
        this.cpSeid = cpSeid;
        this.cp = cp;
    }

    /**
     * Takes the meters' used-up quotas (they change outside requests, on the usage poller) as the ones the rules
     * stop; returns whether that changed. The rules then translate to what the maps are to hold, while before it they
     * translate to what the maps hold now.
     */
    boolean takeQuotaStops() {
        Map<Long, Long> now = new RuleMap<>();
        meters.forEach((id, m) -> {
            if (m.exhausted()) {
                now.put(id, m.quotaActionFar());
            }
        });
        if (now.equals(quotaStops)) {
            return false;
        }
        quotaStops.clear();
        quotaStops.putAll(now);
        return true;
    }

    SessionState copy() {
        SessionState s = new SessionState(seid, slot, association, cpSeid, cp);
        s.pdrs.putAll(pdrs);
        s.fars.putAll(fars);
        s.qers.putAll(qers);
        s.urrs.putAll(urrs);
        s.pdrSlots.putAll(pdrSlots);
        s.farSlots.putAll(farSlots);
        s.qerSlots.putAll(qerSlots);
        s.urrSlots.putAll(urrSlots);
        s.meters.putAll(meters);
        s.pdrTeids.putAll(pdrTeids);
        s.chosenTeids.putAll(chosenTeids);
        s.quotaStops.putAll(quotaStops);
        s.ueIpv4 = ueIpv4;
        s.ueIpv6Prefix = ueIpv6Prefix;
        s.ueIpv6PrefixLength = ueIpv6PrefixLength;
        s.ueIpv4Pooled = ueIpv4Pooled;
        s.ueIpv6Pooled = ueIpv6Pooled;
        return s;
    }
}
