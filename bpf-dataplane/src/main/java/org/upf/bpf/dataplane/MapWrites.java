package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.upf.bpf.BpfException;
import org.upf.bpf.BpfMap;
import org.upf.bpf.UpdateFlags;

/**
 * The map entries of one or more sessions ("owners"), written map by map in the order the maps were first added
 * to: one BPF_MAP_UPDATE_BATCH per map for all owners, so n sessions cost one syscall per map instead of n. When
 * the kernel refuses a batch (a full hash map), the entries are written one by one to find the owners concerned;
 * an owner whose entry was refused gets no further entries, the others go on.
 */
final class MapWrites {
    /** LPM tries take no batch updates (the kernel has no map_update_batch for them). */
    private static final String NO_BATCH = "upf_dl6p_v1";

    private record Entry(int owner, Dataplane.Writer key, Dataplane.Writer value) {
    }

    private final Map<String, List<Entry>> byMap = new LinkedHashMap<>();
    private final BpfException[] refused;
    private boolean anyRefused;

    MapWrites(int owners) {
        refused = new BpfException[owners];
    }

    void add(String map, int owner, Dataplane.Writer key, Dataplane.Writer value) {
        List<Entry> entries = byMap.get(map);
        if (entries == null) {
            entries = new ArrayList<>(2 * refused.length); // a session has about two entries per map at most
            byMap.put(map, entries);
        }
        entries.add(new Entry(owner, key, value));
    }

    /** Writes everything; returns per owner null (all its entries written) or the error that refused one. */
    List<BpfException> write(Function<String, BpfMap> maps) {
        byMap.forEach((name, entries) -> {
            BpfMap m = maps.apply(name);
            List<Entry> live = anyRefused ? entries.stream().filter(e -> refused[e.owner()] == null).toList()
                    : entries;
            if (live.isEmpty()) {
                return;
            }
            if (!name.equals(NO_BATCH)) {
                try {
                    batch(m, live);
                    return;
                } catch (BpfException some) {
                    // one by one below, to know whose entry it was (rewriting the ones written is harmless)
                }
            }
            for (Entry e : live) {
                if (refused[e.owner()] == null) {
                    try {
                        single(m, e);
                    } catch (BpfException x) {
                        refused[e.owner()] = x;
                        anyRefused = true;
                    }
                }
            }
        });
        return Arrays.asList(refused);
    }

    private static void batch(BpfMap m, List<Entry> entries) {
        int n = entries.size();
        int ks = m.keySize();
        int vs = m.valueBufferSize();
        Dataplane.Scratch scratch = Dataplane.SCRATCH.get();
        ByteBuffer kb = scratch.keys(n * ks);
        ByteBuffer vb = scratch.values(n * vs);
        for (int i = 0; i < n; i++) {
            entries.get(i).key().write(kb, i * ks);
            entries.get(i).value().write(vb, i * vs);
        }
        m.updateBatch(kb, vb, n);
    }

    private static void single(BpfMap m, Entry e) {
        Dataplane.Scratch scratch = Dataplane.SCRATCH.get();
        ByteBuffer k = scratch.keys(m.keySize());
        ByteBuffer v = scratch.values(m.valueBufferSize());
        e.key().write(k, 0);
        e.value().write(v, 0);
        m.update(k, v, UpdateFlags.ANY);
    }
}
