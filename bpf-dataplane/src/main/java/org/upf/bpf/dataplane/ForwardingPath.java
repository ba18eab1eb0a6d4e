package org.upf.bpf.dataplane;

/**
 * enum upf_fwd_path (upf_if_stats.h): which fast reads a forwarded packet took, as the data path counts it in
 * upf_ifstat_v4 ({@link InterfaceCounter#slot(Direction, ForwardingPath)}). Two independent reads: the usual frame in
 * one bounds check (upf_usual_gpdu for a G-PDU, uplink or an N9 downlink one from the PSA; upf_usual_frame for an N6 packet) or the generic parse; the rules from a fast entry
 * (upf_ulfast_v1, the upf_fast of a UE value) or the rule walk. Code = the C bits (1 usual, 2 fast entry).
 */
public enum ForwardingPath {
    /** The generic parse and the rule walk. */
    GENERIC_WALK,
    /** The usual frame, then the rule walk (a session without a fast entry). */
    USUAL_WALK,
    /** The generic parse (VLAN tag, outer IPv6 or IPv4 options, GTP-U S/PN flags...), then a fast entry. */
    GENERIC_FAST,
    /** Both fast reads: a usual frame of a session with a fast entry. */
    USUAL_FAST;

    /** The C value (bits UPF_PATH_USUAL, UPF_PATH_FAST). */
    public int code() {
        return ordinal();
    }

    /** Whether the packet was read as the usual frame. */
    public boolean usualFrame() {
        return (code() & 1) != 0;
    }

    /** Whether the packet's rules came from a fast entry. */
    public boolean fastEntry() {
        return (code() & 2) != 0;
    }
}
