package org.upf.bench.dataplane;

import java.net.Inet6Address;
import java.nio.ByteBuffer;
import org.upf.bench.dataplane.UpfRig.Way;
import org.upf.bpf.BpfMap;
import org.upf.bpf.BpfObject;
import org.upf.bpf.BpfProgram;
import org.upf.bpf.UpdateFlags;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.bpf.dataplane.DenseRange;
import org.upf.bpf.dataplane.UeSet;
import org.upf.bpf.dataplane.UplinkFastEntry;
import org.upf.bpf.packet.Checksum;
import org.upf.bpf.packet.Ipv4Layer;
import org.upf.bpf.packet.MacAddress;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.packet.UdpLayer;

/**
 * The lookup floor (bench/src/main/bpf/bench_lookup.bpf.c) loaded into a {@link UpfRig}: per session an entry in its
 * TEID slot of an array shaped like the UPF's upf_ulfast_v1 (same value size, {@link DataplaneConfig#teidSlots()}
 * slots) and one in its UE /64's dense slot of an array shaped like upf_dldense_v1 (same value size,
 * {@link DataplaneConfig#denseSlots()} slots), so a packet reads one random entry as spread over pages as the UPF's
 * fast paths read theirs, and nothing else a UPF does. Session i (0-based, {@link BulkSessions} order) counts in slot
 * i + 1 of per-CPU counters sized like upf_urr_v1 ({@link DataplaneConfig#urrs()}), as its URR does in the UPF.
 */
final class LookupFloor {
    static final String UL_ENTRIES = "floor_ul_ent";
    static final String DL_ENTRIES = "floor_dl_ent";
    static final String COUNTERS = "floor_cnt";
    /** TS 29.281 §4.4.2.0. */
    private static final int GTPU_PORT = 2152;

    final BpfObject object;
    private final DataplaneConfig config;

    /**
     * Loads the floor sized for config (with the sessions' UE range as its one dense range, {@link
     * BulkSessions#withUeIndex}) and writes sessions' entries, pointing uplink entries at N6 and downlink ones at N3.
     */
    LookupFloor(UpfRig rig, DataplaneConfig config, BulkSessions sessions) {
        this.config = config;
        object = rig.loadBench("/bpf/bench_lookup.bpf.o", o -> {
            o.setMaxEntries(UL_ENTRIES, config.teidSlots());
            o.setMaxEntries(DL_ENTRIES, config.denseSlots());
            o.setMaxEntries(COUNTERS, config.urrs());
        }, "floor_tx");
        checkSize(UL_ENTRIES, UplinkFastEntry.C.size());
        checkSize(DL_ENTRIES, UeSet.C.size());
        DenseRange range = config.denseRanges().get(0);
        long mask = -1L << (64 - range.length());
        ByteBuffer cfg = UpfRig.direct(object.map("floor_cfg").valueSize())
                .putInt(0, config.teidSlots() - 1)
                .putInt(4, config.denseIndex().slot((Inet6Address) range.prefix(), 64))
                .putLong(8, ByteBuffer.wrap(range.prefix().getAddress()).getLong() & mask)
                .putLong(16, mask);
        object.map("floor_cfg").update(UpfRig.direct(4), cfg, UpdateFlags.ANY);
        int n = sessions.count();
        int n3 = rig.n3.ifindex();
        int n6 = rig.n6.ifindex();
        // struct floor_ul: teid, tx_key, counter, macs; struct floor_dl: live, tx_key, counter, ip_sum, tmpl. The key
        // is the ingress one, as in bench_tx.
        byte[] macs = ByteBuffer.allocate(12).put(MacAddress.of(UpfRig.DN_MAC).bytes())
                .put(MacAddress.of(UpfRig.UPF_N6_MAC).bytes()).array();
        BulkSessions.write(object.map(UL_ENTRIES), n, 1, (i, k, kb, v, vb) -> {
            kb.putInt(k, ulSlot(sessions.teids()[i]));
            vb.putInt(v, sessions.teids()[i]).putInt(v + 4, n3).putInt(v + 8, i + 1).put(v + 12, macs);
        });
        BulkSessions.write(object.map(DL_ENTRIES), n, 1, (i, k, kb, v, vb) -> {
            kb.putInt(k, dlSlot(sessions.ueAddress()[i]));
            byte[] outer = outerTemplate(i);
            int sum = ipv4Sum(outer);
            // ip_sum in network order, as the program adds it to the total length's octets
            vb.putInt(v, 1).putInt(v + 4, n6).putInt(v + 8, i + 1).put(v + 12, (byte) (sum >>> 8))
                    .put(v + 13, (byte) sum).put(v + 16, outer);
        });
    }

    /**
     * The frame the rewrite floor sends toward the gNB for session i's downlink packet inner (IPv6): the outer headers
     * the UPF pushes for its FAR (GTP-U/UDP/IPv4 from N3 to the gNB, TEID i + 1 as {@link BulkSessions#install}'s, DF,
     * TTL 64, UDP checksum 0, PDU Session Container of the QFI) and a new Ethernet header, as a packet builder computes
     * them, with inner's hop limit decremented by the caller.
     */
    static byte[] encapsulated(int i, byte[] inner) {
        return Packet.eth(UpfRig.UPF_N3_MAC, UpfRig.GNB_MAC).ipv4(UpfRig.UPF_N3, UpfRig.GNB, Ipv4Layer::dontFragment)
                .udp(GTPU_PORT, GTPU_PORT, UdpLayer::noChecksum).gtpu(i + 1L)
                .pduSessionContainerDl(UpfRig.QFI).payload(inner).build();
    }

    /** Session i's outer headers with no inner packet: the template the downlink rewrite copies, lengths patched. */
    private static byte[] outerTemplate(int i) {
        return encapsulated(i, new byte[0]);
    }

    /**
     * One's complement sum (RFC 1071) of the IPv4 header of an outer template with total length and checksum taken
     * as 0, folded to 16 bits: per packet the program adds the total length and complements.
     */
    private static int ipv4Sum(byte[] outer) {
        int ip = 14;
        long sum = Checksum.add(Checksum.add(0, outer, ip, 2), outer, ip + 4, 6);
        sum = Checksum.add(sum, outer, ip + 12, 8);
        return ~Checksum.finish(sum) & 0xffff;
    }

    private void checkSize(String map, int upfValueSize) {
        if (object.map(map).valueSize() != upfValueSize) {
            throw new IllegalStateException(map + " has " + object.map(map).valueSize() + "-octet values, the UPF's "
                    + upfValueSize + ": the floor would not spread like the UPF's array");
        }
    }

    /**
     * The program for way and work: "lookup" (find the session), "count" (and count the packet) or "rewrite" (and do
     * the header work: decapsulate uplink, encapsulate downlink).
     */
    BpfProgram program(Way way, String work) {
        String name = way == Way.UPLINK ? "floor_ul" : "floor_dl";
        return object.program(switch (work) {
            case "lookup" -> name;
            case "count", "rewrite" -> name + "_" + work;
            default -> throw new IllegalArgumentException("work: lookup, count or rewrite, not " + work);
        });
    }

    /** The uplink entry's slot of a TEID: as upf_ulfast_v1's. */
    private int ulSlot(int teid) {
        return teid & (config.teidSlots() - 1);
    }

    /** The downlink entry's slot of a UE address: its /64's dense slot, as in upf_dldense_v1. */
    private int dlSlot(byte[] ue) {
        return config.denseIndex().slot((Inet6Address) BulkSessions.address(ue), 64);
    }

    /** Session i's per-CPU counters (both ways) summed over the CPUs: {octets, packets}. */
    long[] counted(int i) {
        BpfMap counters = object.map(COUNTERS);
        ByteBuffer value = UpfRig.direct(counters.valueBufferSize());
        counters.lookup(UpfRig.direct(4).putInt(0, i + 1), value);
        long[] sum = new long[2];
        for (int cpu = 0; cpu < BpfMap.possibleCpus(); cpu++) {
            sum[0] += value.getLong(cpu * 16);
            sum[1] += value.getLong(cpu * 16 + 8);
        }
        return sum;
    }
}
