package org.upf.control.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A committed session as the agent holds it between requests (issue 5: at most 1 KiB of heap per session):
 * identifiers and the CP function's address as fields, the rules with their slots and TEIDs in the compact byte form
 * of {@link SessionBytes}, and each URR's {@link UrrMeter} as an object (the usage poller reads them every round, and
 * a URR kept by a modification keeps measuring). Immutable: a request decodes a {@link SessionState} from it with
 * {@link #state()}, works on that, and an accepted change replaces the record with a new one. The data-path rules are
 * not kept: they are translated again from the state when a change or a removal needs them.
 */
final class SessionRecord {
    final long seid;
    final int slot;
    final String association;
    final long cpSeid;
    final InetSocketAddress cp;
    private final byte[] rules;
    /** The URRs' meters and data-path slots, in the order the URRs were created. */
    private final UrrMeter[] meters;
    private final int[] urrSlots;
    /** Distinct QFIs of the session (fits the padding of the object: no extra heap). */
    final byte qosFlows;

    private SessionRecord(SessionState s) {
        this.seid = s.seid;
        this.slot = s.slot;
        this.association = s.association;
        this.cpSeid = s.cpSeid;
        this.cp = s.cp;
        this.rules = SessionBytes.encode(s);
        this.meters = new UrrMeter[s.meters.size()];
        this.urrSlots = new int[meters.length];
        for (int i = 0; i < meters.length; i++) {
            meters[i] = s.meters.valueAt(i);
            urrSlots[i] = s.urrSlots.get(meters[i].urr().id());
        }
        this.qosFlows = (byte) qosFlows(s);
    }

    /**
     * The session's QoS flows: the distinct QFIs its PDRs match (PDI QFI) or its QERs mark (TS 23.501 §5.7.1: a QoS
     * flow is identified by its QFI within a PDU session); at most 64, a session without any QFI counts none.
     */
    private static int qosFlows(SessionState s) {
        long qfis = 0;
        for (int i = 0; i < s.pdrs.size(); i++) {
            PdrSpec p = s.pdrs.valueAt(i);
            if (p.qfi() != null) {
                qfis |= 1L << p.qfi();
            }
        }
        for (int i = 0; i < s.qers.size(); i++) {
            QerSpec q = s.qers.valueAt(i);
            if (q.qfi() != null) {
                qfis |= 1L << q.qfi();
            }
        }
        return Long.bitCount(qfis);
    }

    static SessionRecord of(SessionState s) {
        return new SessionRecord(s);
    }

    /** The session as maps of rules, for a request or an inspection; changing it does not change the record. */
    SessionState state() {
        SessionState s = new SessionState(seid, slot, association, cpSeid, cp);
        for (UrrMeter m : meters) {
            s.meters.put(m.urr().id(), m);
        }
        SessionBytes.decode(rules, s);
        return s;
    }

    /** The session's URRs, in creation order: the usage poller reads meter(i) and urrSlot(i) (any thread). */
    int urrCount() {
        return meters.length;
    }

    UrrMeter meter(int i) {
        return meters[i];
    }

    int urrSlot(int i) {
        return urrSlots[i];
    }

    /** Whether a forwarding FAR of the session sends into the GTP-U tunnel (peer, teid). */
    boolean forwardsInto(InetAddress peer, long teid) {
        return SessionBytes.forwardsInto(rules, peer, teid);
    }
}
