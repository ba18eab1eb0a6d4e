package org.upf.control.session;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.upf.bpf.dataplane.SessionRules;

/**
 * One PFCP session as the agent keeps it: the SMF's rules by ID, the data-path slot of each, the local TEIDs and
 * UE addresses it holds, and the {@link SessionRules} currently in the maps. A request works on a {@link #copy()}
 * and replaces the original only once the data path accepted the change (all or nothing).
 */
final class SessionState {
    final long seid;
    final int slot;
    final String association;
    long cpSeid;
    InetSocketAddress cp;
    final Map<Integer, PdrSpec> pdrs = new LinkedHashMap<>();
    final Map<Long, FarSpec> fars = new LinkedHashMap<>();
    final Map<Long, QerSpec> qers = new LinkedHashMap<>();
    final Map<Long, UrrSpec> urrs = new LinkedHashMap<>();
    final Map<Integer, Integer> pdrSlots = new HashMap<>();
    final Map<Long, Integer> farSlots = new HashMap<>();
    final Map<Long, Integer> qerSlots = new HashMap<>();
    final Map<Long, Integer> urrSlots = new HashMap<>();
    /** URR ID -> its reporting state, shared with the copies (a URR kept by a modification keeps measuring). */
    final Map<Long, UrrMeter> meters = new LinkedHashMap<>();
    /**
     * FAR ID -> the FAR a Downlink Data Report was sent for (TS 29.244 §8.2.26 NOCP: the first buffered downlink
     * packet); shared with the copies. An Update FAR puts a new FarSpec in place, which ends that idle period.
     */
    Map<Long, FarSpec> downlinkReported = new java.util.concurrent.ConcurrentHashMap<>();
    /** PDR ID -> local TEID of its F-TEID. */
    final Map<Integer, Integer> pdrTeids = new HashMap<>();
    /** F-TEID CHOOSE ID -> the TEID chosen for it (TS 29.244 §5.2.1: shared by PDRs with the same CHOOSE ID). */
    final Map<Integer, Integer> chosenTeids = new HashMap<>();
    Inet4Address ueIpv4;
    Inet6Address ueIpv6Prefix;
    int ueIpv6PrefixLength;
    /** Whether the UE addresses came from our pools (UE IP CHOOSE) and go back there. */
    boolean ueIpv4Pooled;
    boolean ueIpv6Pooled;
    SessionRules rules;

    SessionState(long seid, int slot, String association, long cpSeid, InetSocketAddress cp) {
        this.seid = seid;
        this.slot = slot;
        this.association = association;
        this.cpSeid = cpSeid;
        this.cp = cp;
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
        s.downlinkReported = downlinkReported;
        s.pdrTeids.putAll(pdrTeids);
        s.chosenTeids.putAll(chosenTeids);
        s.ueIpv4 = ueIpv4;
        s.ueIpv6Prefix = ueIpv6Prefix;
        s.ueIpv6PrefixLength = ueIpv6PrefixLength;
        s.ueIpv4Pooled = ueIpv4Pooled;
        s.ueIpv6Pooled = ueIpv6Pooled;
        s.rules = rules;
        return s;
    }

    public long seid() {
        return seid;
    }

    public SessionRules rules() {
        return rules;
    }
}
