package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;

/**
 * enum upf_if_stat (upf_if_stats.h): the per-interface counters behind the TS 28.552 §5.4 UPF measurements; code =
 * slot in struct upf_pkt_stats, the one per-CPU element of upf_ifstat_v4, each slot a {@link Counter} (packets,
 * octets). GTP-U octets run from the GTP-U header to the end of the T-PDU (no outer IP/UDP header); N6 octets are
 * whole IP packets. N9 is counted apart from N3: received on the interface attached as {@link Dataplane.Role#N9},
 * sent by a FAR toward another UPF ({@link FarRule#toN9()}). The same element holds the forwarded packets per
 * {@link Direction} and {@link ForwardingPath} ({@link #slot(Direction, ForwardingPath)}), so the data path updates all
 * of a packet's counters through one lookup. Version 1 counted N3 and N9 together in GTP_IN / GTP_OUT; version 2 was an
 * array of one counter per slot, with the forwarded counters in their own map {@code upf_fwd_v1}; version 3 had one
 * forwarded slot per direction, whatever the path.
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

    /** Layout version of upf_ifstat_v4 (the map name's _v suffix). */
    public static final int LAYOUT_VERSION = 4;
    public static final String MAP = "upf_ifstat_v" + LAYOUT_VERSION;
    /**
     * Slots of struct upf_pkt_stats (UPF_IFS__MAX): the interface counters, then the forwarded packets of each
     * {@link ForwardingPath}, uplink, then downlink.
     */
    public static final int SLOTS = 14;
    /** struct upf_pkt_stats: the value of the map's one element (key 0). */
    public static final CStruct C = CStruct.of("upf_pkt_stats", SLOTS * Counter.C.size())
            .member("c", 0, SLOTS * Counter.C.size());
    private static final int FORWARDED_UPLINK = 6; // UPF_IFS_FWD_UL
    private static final int PATHS = ForwardingPath.values().length; // UPF_PATHS

    /** The C enum value (declaration order, from 0). */
    public int code() {
        return ordinal();
    }

    /** The slot of the packets forwarded in direction d along path p (UPF_IFS_FWD_UL + d * UPF_PATHS + p). */
    public static int slot(Direction d, ForwardingPath p) {
        return FORWARDED_UPLINK + d.ordinal() * PATHS + p.code();
    }

    /** The packets forwarded in direction d along any path, summed over the per-CPU values of the map's element. */
    public static Counter forwarded(ByteBuffer perCpu, int cpus, Direction d) {
        long packets = 0;
        long bytes = 0;
        for (ForwardingPath p : ForwardingPath.values()) {
            Counter c = sumPerCpu(perCpu, cpus, slot(d, p));
            packets += c.packets();
            bytes += c.bytes();
        }
        return new Counter(packets, bytes);
    }

    /** Sums slot over the per-CPU values of the map's element (as {@link org.upf.bpf.BpfMap#lookup} fills them). */
    public static Counter sumPerCpu(ByteBuffer perCpu, int cpus, int slot) {
        return Counter.sumPerCpu(perCpu, cpus, C.size(), slot * Counter.C.size());
    }
}
