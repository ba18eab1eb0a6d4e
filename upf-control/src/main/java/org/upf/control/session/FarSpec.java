package org.upf.control.session;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.FailedRuleId;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.ForwardingParameters;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.UpdateFar;

/**
 * A FAR (TS 29.244 §7.5.2.3) reduced to what the data path does.
 *
 * @param applyAction  octet 5 of Apply Action (§8.2.26); a 1-octet IE (Release 15, Scapy) is the same octet
 * @param destination  Destination Interface (§8.2.24), -1 without Forwarding Parameters
 * @param peer         outer header destination (OHC GTP-U, §8.2.56), or null
 * @param tos          Transport Level Marking ToS value (§8.2.12), or null
 */
record FarSpec(long id, int applyAction, int destination, InetAddress peer, long peerTeid, Integer tos) {
    /** §8.2.26 octet 5 bits the data path implements: DROP, FORW, BUFF, NOCP, DUPL. */
    private static final int SUPPORTED_ACTIONS = 0x1f;
    static final int FORW = 0x02;
    /** §8.2.24 Destination Interface values. */
    static final int ACCESS = 0;
    static final int CORE = 1;
    static final int SGI_LAN = 2;

    static FarSpec of(CreateFar c) {
        long id = c.farId();
        if (id < 0) {
            throw RuleException.missing(IeType.FAR_ID, false, "Create FAR");
        }
        if (c.applyAction() == null) {
            throw RuleException.missing(IeType.APPLY_ACTION, false, "Create FAR " + id);
        }
        if (!c.duplicatingParameters().isEmpty()) {
            throw fail(id, "Duplicating Parameters are not supported");
        }
        FarSpec f = new FarSpec(id, action(id, c.applyAction()), -1, null, 0, null);
        if (c.forwardingParameters() != null) {
            f = f.withParameters(c.forwardingParameters());
        }
        return f.checked();
    }

    /** §7.5.4.3 Update FAR: a new Apply Action and/or Update Forwarding Parameters that replace the old ones. */
    FarSpec update(UpdateFar u) {
        FarSpec f = this;
        if (u.applyAction() != null) {
            f = new FarSpec(id, action(id, u.applyAction()), destination, peer, peerTeid, tos);
        }
        if (u.updateForwardingParameters() != null) {
            f = f.withParameters(u.updateForwardingParameters());
        }
        return f.checked();
    }

    /**
     * The tunnels an accepted modification's Update FARs leave with End Marker requested: SNDEM in the PFCPSMReq-Flags
     * of Update Forwarding Parameters (TS 29.244 §7.5.4.3-2; also taken at Update FAR level) and a forwarding FAR
     * whose Outer Header Creation (peer or TEID) changed (§5.2.2.2 / TS 23.501 §5.8.2.9).
     */
    static List<TunnelSwitch> endMarkers(List<UpdateFar> updates, Map<Long, FarSpec> before, Map<Long, FarSpec> after) {
        List<TunnelSwitch> out = new ArrayList<>();
        for (UpdateFar u : updates) {
            ForwardingParameters p = u.updateForwardingParameters();
            FlagsIe flags = p != null && p.find(IeType.PFCPSMREQ_FLAGS, FlagsIe.class) != null
                    ? p.find(IeType.PFCPSMREQ_FLAGS, FlagsIe.class) : u.smReqFlags();
            FarSpec old = before.get(u.farId());
            FarSpec now = after.get(u.farId());
            if (flags == null || !flags.has("SNDEM") || old == null || now == null || old.peer == null
                    || !old.forwards()) {
                continue;
            }
            if (!old.peer.equals(now.peer) || old.peerTeid != now.peerTeid) {
                out.add(new TunnelSwitch(old.peer, old.peerTeid, old.destination != ACCESS));
            }
        }
        return out;
    }

    boolean forwards() {
        return (applyAction & FORW) != 0;
    }

    private FarSpec withParameters(ForwardingParameters p) {
        int dest = p.destinationInterface() >= 0 ? p.destinationInterface() : destination;
        if (dest < 0) {
            throw RuleException.missing(IeType.DESTINATION_INTERFACE, false, "Forwarding Parameters of FAR " + id);
        }
        if (dest != ACCESS && dest != CORE && dest != SGI_LAN) {
            throw fail(id, "destination interface " + dest + " is not supported");
        }
        if (p.redirectInformation() != null || p.headerEnrichment() != null || p.forwardingPolicy() != null) {
            throw fail(id, "redirect, header enrichment and forwarding policy are not supported");
        }
        InetAddress newPeer = peer;
        long teid = peerTeid;
        OuterHeaderCreation ohc = p.outerHeaderCreation();
        if (ohc != null) {
            if (!ohc.isGtpu() || (ohc.ipv4() != null) == (ohc.ipv6() != null)) {
                throw fail(id, "Outer Header Creation must be GTP-U/UDP/IPv4 or GTP-U/UDP/IPv6 (one address)");
            }
            newPeer = address(ohc.ipv4() != null ? ohc.ipv4() : ohc.ipv6());
            teid = ohc.teid();
        }
        int tlm = p.transportLevelMarking();
        Integer newTos = tlm >= 0 ? (Integer) (tlm >> 8) : tos;
        return new FarSpec(id, applyAction, dest, newPeer, teid, newTos);
    }

    private FarSpec checked() {
        if (forwards() && destination < 0) {
            throw RuleException.missing(IeType.FORWARDING_PARAMETERS, true, "FAR " + id + " with FORW");
        }
        if (forwards() && destination == ACCESS && peer == null) {
            throw fail(id, "forwarding to Access needs Outer Header Creation");
        }
        return this;
    }

    private static int action(long id, FlagsIe aa) {
        byte[] o = aa.octets();
        int bits = o[0] & 0xff;
        for (int i = 1; i < o.length; i++) {
            if (o[i] != 0) {
                throw fail(id, "Apply Action " + aa.setFlags() + " is not supported");
            }
        }
        if (bits == 0 || (bits & ~SUPPORTED_ACTIONS) != 0) {
            throw fail(id, "Apply Action " + aa.setFlags() + " is not supported");
        }
        return bits;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static RuleException fail(long farId, String why) {
        return RuleException.rule(FailedRuleId.FAR, farId, "FAR " + farId + ": " + why);
    }
}
