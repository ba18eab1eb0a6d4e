package org.upf.bpf.dataplane;

/**
 * enum upf_if_stat (upf_if_stats.h): the per-interface counters of upf_ifstat_v2 behind the TS 28.552 §5.4 UPF
 * measurements; code = index in the map, each value a {@link Counter} (packets, octets). GTP-U octets run from the
 * GTP-U header to the end of the T-PDU (no outer IP/UDP header); N6 octets are whole IP packets. N9 is counted apart
 * from N3: received on the interface attached as {@link Dataplane.Role#N9}, sent by a FAR toward another UPF
 * ({@link FarRule#toN9()}). Version 1 counted both in GTP_IN / GTP_OUT.
 */
public enum InterfaceCounter {
    /** G-PDUs with a known TEID received on N3: GTP.InDataPktN3UPF, GTP.InDataOctN3UPF. */
    GTP_IN,
    /** G-PDUs generated and sent toward the (R)AN: GTP.OutDataPktN3UPF, GTP.OutDataOctN3UPF. */
    GTP_OUT,
    /** IP packets received on N6 for a UE address with rules. */
    N6_IN,
    /** IP packets forwarded to N6 (without encapsulation). */
    N6_OUT,
    /** G-PDUs with a known TEID received on N9 (from another UPF). */
    GTP_IN_N9,
    /** G-PDUs generated and sent toward another UPF over N9. */
    GTP_OUT_N9;

    /** Layout version of upf_ifstat_v2 (the map name's _v suffix). */
    public static final int LAYOUT_VERSION = 2;
    public static final String MAP = "upf_ifstat_v" + LAYOUT_VERSION;

    /** The C enum value (declaration order, from 0). */
    public int code() {
        return ordinal();
    }
}
