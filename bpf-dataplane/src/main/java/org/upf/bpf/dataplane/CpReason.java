package org.upf.bpf.dataplane;

/**
 * enum upf_cp_reason (upf_counters.h): why a packet went to the control path (kernel stack, agent event) instead
 * of being forwarded; code = index in upf_cp_v1 and the reason of a {@link ControlEvent}.
 */
public enum CpReason {
    /** Not user-plane traffic (ARP, our own addresses): kernel stack, no event. */
    STACK,
    /** Echo, End Marker, Error Indication...: kernel stack (the agent's UDP 2152 socket) and an event. */
    GTPU_SIGNALLING,
    /** Outer IP fragment: kernel stack (reassembly) and an event. */
    OUTER_FRAGMENT,
    /** Unknown comprehension-required GTP-U extension header: kernel stack and an event. */
    UNKNOWN_EXT,
    /** Too big for the egress MTU after encapsulation: event, not forwarded. */
    TOO_BIG,
    /** Next hop unresolved: plain IP to the kernel stack, encapsulated ones as an event. */
    NEIGH_MISS,
    /** FAR BUFF / NOCP packet (not stored yet). */
    BUFF,
    /** BUFF/NOCP notification event (at most one per session per interval). */
    NOTIFY,
    /** FAR DUPL copy sent as an event. */
    DUPL,
    /** UE link-local source (Router / Neighbour Solicitation): event. */
    LINK_LOCAL,
    /** Ring buffer full: an event was lost. */
    EVENT_LOST,
    /**
     * G-PDU for an unknown TEID, reported at most once per notify interval so the agent can send an Error Indication
     * (TS 29.281 §7.3.1) to the sender in the event's packet bytes; the packet itself is dropped as UNKNOWN_TEID.
     */
    ERROR_INDICATION;

    public int code() {
        return ordinal();
    }

    static CpReason of(int code) {
        CpReason[] all = values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("unknown control-path reason " + code);
        }
        return all[code];
    }
}
