package org.upf.bench.dataplane;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import org.upf.bpf.BpfMap;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.bpf.dataplane.DenseIndex;
import org.upf.bpf.dataplane.DenseRange;
import org.upf.bpf.dataplane.Direction;
import org.upf.bpf.dataplane.FarRule;
import org.upf.bpf.dataplane.DownlinkFastEntry;
import org.upf.bpf.dataplane.PdrRule;
import org.upf.bpf.dataplane.PdrSet;
import org.upf.bpf.dataplane.QerRule;
import org.upf.bpf.dataplane.UeKeys;
import org.upf.bpf.dataplane.UeSession;
import org.upf.bpf.dataplane.UeSet;
import org.upf.bpf.dataplane.UplinkFastEntry;

/**
 * Many benchmark sessions written straight into the data path's maps with BPF_MAP_UPDATE_BATCH, in
 * {@link Dataplane#install}'s order (session, FARs, QERs, PDRs, then the TEID and UE-address entry points with the
 * fast entries {@link UplinkFastEntry#of} and {@link DownlinkFastEntry#of} compute, as the facade writes them;
 * fresh maps already hold zeroed meters, URR counters and notify slots). Session i (0-based) has session, QER and URR
 * slot i + 1, PDRs and FARs 2i + 1 (uplink, toward N6) and 2i + 2 (downlink, GTP-U toward the gNB with TEID
 * i + 1), a random TEID slot and generation, and the UE prefix 2001:db8:(8000 | slot &gt;&gt; 16):(slot)::/64 with
 * UE address ::1 in it. The sessions come back in random order: the order the generator sends them in. The UE
 * prefixes lie in {@link #ueRange}: with it among the data path's dense ranges ({@link #withUeIndex}, as a UPF with
 * its UE pool configured) they are written into the dense downlink index, else into the exact IPv6 hash.
 *
 * @param teids     local TEID of each session, in sending order
 * @param ueAddress UE IPv6 address of each session, network order, same order
 * @param nanos     how long writing the maps took
 */
record BulkSessions(int[] teids, byte[][] ueAddress, long nanos) {
    /** Entries per BPF_MAP_UPDATE_BATCH call. */
    private static final int CHUNK = 65_536;
    private static final int QFI = UpfRig.QFI;

    int count() {
        return teids.length;
    }

    /** The dense range of the UE /64s of config's TEID slots: 2001:db8:8000::/(64 - teidSlotBits). */
    static DenseRange ueRange(DataplaneConfig config) {
        return new DenseRange(address(ueAddress(0)), 64 - config.teidSlotBits());
    }

    /**
     * config with the UE /64s found through the dense downlink index (ueIndex "dense", the default of the benchmarks)
     * or through the UE-address hash ("hash": the data path without dense ranges).
     */
    static DataplaneConfig withUeIndex(DataplaneConfig config, String ueIndex) {
        return switch (ueIndex) {
            case "dense" -> config.withDenseRanges(List.of(ueRange(config)));
            case "hash" -> config;
            default -> throw new IllegalArgumentException("ueIndex: dense or hash, not " + ueIndex);
        };
    }

    /**
     * The TEIDs and UE addresses {@link #install} gives n sessions for seed (the same ones), written nowhere: for
     * devices under test that keep their own tables ({@link LookupFloor}).
     */
    static BulkSessions draw(DataplaneConfig config, int n, long seed) {
        if (n < 1 || n >= config.teidSlots()) {
            throw new IllegalArgumentException(n + " sessions do not fit " + config);
        }
        Random random = new Random(seed);
        int[] slots = randomSlots(config.teidSlots(), n, random);
        int generations = 1 << Math.min(16, 32 - config.teidSlotBits());
        int[] teids = new int[n];
        byte[][] ue = new byte[n][];
        for (int i = 0; i < n; i++) {
            teids[i] = config.teid(slots[i], random.nextInt(generations));
            ue[i] = ueAddress(slots[i]);
        }
        return new BulkSessions(teids, ue, 0);
    }

    static BulkSessions install(Dataplane dp, DataplaneConfig config, int n, long seed) {
        if (2L * n + 1 > Math.min(config.pdrs(), config.fars()) || n + 1L > config.sessions()) {
            throw new IllegalArgumentException(n + " sessions do not fit " + config);
        }
        long start = System.nanoTime();
        BulkSessions drawn = draw(config, n, seed);
        int[] teids = drawn.teids();
        byte[][] ue = drawn.ueAddress();
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) {
            slots[i] = teids[i] & (config.teidSlots() - 1);
        }
        InetAddress upfN3 = address(UpfRig.UPF_N3);
        InetAddress gnb = address(UpfRig.GNB);
        FarRule toN6 = FarRule.forwardToN6();
        IntFunction<FarRule> far = j -> j % 2 == 0 ? toN6 : FarRule.forwardGtpu(upfN3, gnb, j / 2 + 1, null);
        QerRule qer = QerRule.open(QFI);
        write(dp.map("upf_sess_v1"), n, 1, (i, k, kb, v, vb) -> {
            kb.putInt(k, i + 1);
            ueSession(ue[i]).write(vb, v);
        });
        write(dp.map("upf_far_v1"), n, 2, (j, k, kb, v, vb) -> {
            kb.putInt(k, j + 1);
            far.apply(j).write(vb, v);
        });
        write(dp.map("upf_qer_v1"), n, 1, (i, k, kb, v, vb) -> {
            kb.putInt(k, i + 1);
            qer.write(vb, v);
        });
        write(dp.map("upf_pdr_v1"), n, 2, (j, k, kb, v, vb) -> {
            kb.putInt(k, j + 1);
            pdr(j).write(vb, v);
        });
        write(dp.map(PdrSet.TEID_MAP), n, 1, (i, k, kb, v, vb) -> {
            kb.putInt(k, slots[i]);
            new PdrSet(List.of(2 * i + 1), i + 1, teids[i]).write(vb, v);
        });
        write(dp.map(UplinkFastEntry.MAP), n, 1, (i, k, kb, v, vb) -> {
            kb.putInt(k, slots[i]);
            UplinkFastEntry.of(2 * i + 1, pdr(2 * i), far.apply(2 * i), qer, null, i + 1, ueSession(ue[i]), teids[i])
                    .write(vb, v);
        });
        IntFunction<UeSet> ueSet = i -> new UeSet(DownlinkFastEntry.of(2 * i + 2, pdr(2 * i + 1),
                far.apply(2 * i + 1), qer, null, i + 1), new PdrSet(List.of(2 * i + 2), i + 1, 0));
        DenseIndex dense = dp.denseIndex();
        boolean inRange = dense.slot((Inet6Address) address(ue[0]), 64) != 0;
        // In a dense range each /64 has its slot; else ("hash") each exact address's key names a slot after the
        // ranges' (none here), as the facade hands them out on a fresh load (UeSlots: ascending).
        IntUnaryOperator slot = inRange ? i -> dense.slot((Inet6Address) address(ue[i]), 64) : i -> dense.slots() + i;
        if (!inRange && dense.slots() + (long) n > dp.map(DenseIndex.VALUES_MAP).maxEntries()) {
            throw new IllegalArgumentException(n + " hashed UEs do not fit the UE slots of " + config);
        }
        // A fresh array: each slot written whole, with UPF_UE_LIVE (the facade's two steps guard live slots).
        write(dp.map(DenseIndex.VALUES_MAP), n, 1, (i, k, kb, v, vb) -> {
            kb.putInt(k, slot.applyAsInt(i));
            ueSet.apply(i).write(vb, v);
            vb.put(v, (byte) (vb.get(v) | DenseIndex.LIVE));
        });
        if (!inRange) {
            write(dp.map(UeKeys.DL6_MAP), n, 1, (i, k, kb, v, vb) -> {
                kb.put(k, ue[i]);
                vb.putInt(v, slot.applyAsInt(i));
            });
        }
        return new BulkSessions(teids, ue, System.nanoTime() - start);
    }

    /** The session of UE address ue: its /64. */
    private static UeSession ueSession(byte[] ue) {
        return new UeSession(null, (Inet6Address) address(prefix(ue)), 64);
    }

    /** PDR j (0-based; slot j + 1): even uplink toward N6, odd downlink toward the gNB, FAR j + 1, QER and URR. */
    private static PdrRule pdr(int j) {
        int i = j / 2;
        return j % 2 == 0 ? new PdrRule(j + 1, i + 1, 0, i + 1, 0, Direction.UPLINK, QFI, null)
                : new PdrRule(j + 1, i + 1, 0, i + 1, 0, Direction.DOWNLINK, null, null);
    }

    @FunctionalInterface
    interface EntryWriter {
        /** Writes entry j's key at kb[k] and value at vb[v]. */
        void write(int j, int k, ByteBuffer kb, int v, ByteBuffer vb);
    }

    /** Writes perSession * n entries in chunks of {@value #CHUNK} per syscall. */
    static void write(BpfMap map, int n, int perSession, EntryWriter entry) {
        int total = n * perSession;
        int keySize = map.keySize();
        int valueSize = map.valueBufferSize();
        ByteBuffer kb = direct(Math.min(total, CHUNK) * keySize);
        ByteBuffer vb = direct(Math.min(total, CHUNK) * valueSize);
        for (int from = 0; from < total; from += CHUNK) {
            int count = Math.min(CHUNK, total - from);
            for (int c = 0; c < count; c++) {
                entry.write(from + c, c * keySize, kb, c * valueSize, vb);
            }
            int written = map.updateBatch(kb, vb, count);
            if (written != count) {
                throw new IllegalStateException(map.name() + ": batch update wrote " + written + " of " + count);
            }
        }
    }

    /** n distinct slots of 1..size-1 in random order. */
    private static int[] randomSlots(int size, int n, Random random) {
        int[] all = new int[size - 1];
        for (int i = 0; i < all.length; i++) {
            all[i] = i + 1;
        }
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(all.length - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, n);
    }

    /** 2001:db8:(8000 | slot >> 16):(slot & ffff)::1 (slot 0: the prefix of {@link #ueRange}). */
    private static byte[] ueAddress(int slot) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putInt(0x2001_0db8).putInt(0x8000_0000 | slot).putLong(slot == 0 ? 0 : 1);
        return b.array();
    }

    private static byte[] prefix(byte[] ue) {
        byte[] p = ue.clone();
        Arrays.fill(p, 8, 16, (byte) 0);
        return p;
    }

    static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }
}
