package org.upf.control.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.upf.bpf.BpfMap;
import org.upf.bpf.dataplane.Counter;
import org.upf.bpf.dataplane.CpReason;
import org.upf.bpf.dataplane.Direction;
import org.upf.bpf.dataplane.DropReason;
import org.upf.bpf.dataplane.InterfaceCounter;

/**
 * The data path's forwarded, drop and control-path counters read straight from their pinned maps (bpf.pinRoot), for
 * {@code upf stats} when no agent runs: the maps outlive the agent, so they still hold what it counted.
 */
public final class PinnedCounters {
    static final String DROPS = "upf_drop_v1";
    static final String CONTROL_PATH = "upf_cp_v1";
    static final String FORWARDED = InterfaceCounter.MAP; // the forwarded slots of upf_ifstat_v4

    private PinnedCounters() {
    }

    /** The stats JSON (forwarded, drops, controlPath) from the maps pinned under pinRoot. */
    public static Map<String, Object> read(Path pinRoot) {
        for (String name : new String[] {DROPS, CONTROL_PATH}) {
            if (!Files.exists(pinRoot.resolve(name))) {
                throw new IllegalArgumentException("no pinned map " + name + " under " + pinRoot
                        + " (is it the agent's bpf.pinRoot?)");
            }
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("source", "pinned maps " + pinRoot);
        if (Files.exists(pinRoot.resolve(FORWARDED))) {
            try (BpfMap fwd = BpfMap.openPinned(pinRoot.resolve(FORWARDED))) {
                ByteBuffer value = value(fwd);
                boolean found = lookup(fwd, 0, value); // the map's one element
                Map<Direction, Counter> f = new EnumMap<>(Direction.class);
                for (Direction d : Direction.values()) {
                    f.put(d, found ? InterfaceCounter.forwarded(value, BpfMap.possibleCpus(), d) : Counter.ZERO);
                }
                StatsJson.putForwarded(o, f);
            }
        }
        try (BpfMap drops = BpfMap.openPinned(pinRoot.resolve(DROPS));
             BpfMap cp = BpfMap.openPinned(pinRoot.resolve(CONTROL_PATH))) {
            Map<DropReason, Counter> d = new EnumMap<>(DropReason.class);
            for (DropReason r : DropReason.values()) {
                d.put(r, counter(drops, r.code()));
            }
            Map<CpReason, Counter> c = new EnumMap<>(CpReason.class);
            for (CpReason r : CpReason.values()) {
                c.put(r, counter(cp, r.code()));
            }
            StatsJson.putCounters(o, d, c);
        }
        return o;
    }

    private static Counter counter(BpfMap m, int index) {
        ByteBuffer value = value(m);
        return lookup(m, index, value) ? Counter.sumPerCpu(value, BpfMap.possibleCpus()) : Counter.ZERO;
    }

    private static ByteBuffer value(BpfMap m) {
        return ByteBuffer.allocateDirect(m.valueBufferSize()).order(ByteOrder.nativeOrder());
    }

    private static boolean lookup(BpfMap m, int index, ByteBuffer value) {
        return m.lookup(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, index), value);
    }
}
