package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.upf.bpf.BpfException;
import org.upf.bpf.BpfMap;
import org.upf.bpf.UpdateFlags;

/**
 * The map entries of one or more sessions ("owners"), written map by map in the order the maps were first added
 * to: one BPF_MAP_UPDATE_BATCH per map for all owners, so n sessions cost one syscall per map instead of n. When
 * the kernel refuses a batch (a full hash map), the entries are written one by one to find the owners concerned;
 * an owner whose entry was refused gets no further entries, the others go on.
 *
 * <p>Entries are written into their map's key and value buffers as they are added, laid out as the batch call takes
 * them; the direct buffers are the thread's and serve its next MapWrites again (the event loop writes every burst
 * of establishments this way: no object per entry, issue 5). So a thread has one MapWrites at a time: each is made,
 * filled and written within one {@link Dataplane} call.
 */
final class MapWrites {
    /** LPM tries take no batch updates (the kernel has no map_update_batch for them). */
    private static final String NO_BATCH = UeKeys.DL6P_MAP;
    private static final ThreadLocal<List<Entries>> BUFFERS = ThreadLocal.withInitial(ArrayList::new);

    /** One map's entries (of one pass): count keys and values at fixed strides, and whose each is. */
    private static final class Entries {
        String name;
        int pass;
        BpfMap map;
        int keySize;
        int valueSize;
        ByteBuffer keys = ByteBuffer.allocateDirect(0);
        ByteBuffer values = ByteBuffer.allocateDirect(0);
        int[] owners = new int[16];
        int count;

        void reset(String name, int pass, BpfMap map) {
            this.name = name;
            this.pass = pass;
            this.map = map;
            keySize = map.keySize();
            valueSize = map.valueBufferSize();
            count = 0;
        }

        /** Room for one more entry, zeroed as a fresh buffer would be; returns its index. */
        int next(int owner) {
            int i = count++;
            keys = room(keys, i * keySize, keySize);
            values = room(values, i * valueSize, valueSize);
            if (i == owners.length) {
                owners = Arrays.copyOf(owners, 2 * i);
            }
            owners[i] = owner;
            return i;
        }

        /** Also clears the limit a previous write set: writers put at absolute offsets. */
        private static ByteBuffer room(ByteBuffer b, int at, int size) {
            b.clear();
            if (b.capacity() < at + size) {
                ByteBuffer grown = ByteBuffer.allocateDirect(Math.max(256, Integer.highestOneBit(at + size) << 1))
                        .order(ByteOrder.nativeOrder());
                grown.put(b.limit(at)).clear();
                b = grown;
            }
            int i = at;
            for (; i + 8 <= at + size; i += 8) {
                b.putLong(i, 0);
            }
            for (; i < at + size; i++) {
                b.put(i, (byte) 0);
            }
            return b;
        }

        ByteBuffer keys(int from, int n) {
            return keys.clear().position(from * keySize).limit((from + n) * keySize);
        }

        ByteBuffer values(int from, int n) {
            return values.clear().position(from * valueSize).limit((from + n) * valueSize);
        }
    }

    private final Function<String, BpfMap> maps;
    private final Dataplane.WriteLog log;
    private final List<Entries> byMap;
    private int used;
    private final BpfException[] refused;
    private boolean anyRefused;

    MapWrites(int owners, Function<String, BpfMap> maps, Dataplane.WriteLog log) {
        this.maps = maps;
        this.log = log;
        refused = new BpfException[owners];
        byMap = BUFFERS.get();
    }

    void add(String map, int owner, Dataplane.Writer key, Dataplane.Writer value) {
        Entries e = entries(map);
        int i = e.next(owner);
        key.write(e.keys, i * e.keySize);
        value.write(e.values, i * e.valueSize);
    }

    /** An entry whose key is a 4-octet slot (the array maps). */
    void add(String map, int owner, int slot, Dataplane.Writer value) {
        add(map, 0, owner, slot, value);
    }

    /**
     * A second write of an entry {@link #add(String, int, int, Dataplane.Writer) added} to map: in a batch of its
     * own, written after the map's first batch (and after the maps first added after it).
     */
    void addAgain(String map, int owner, int slot, Dataplane.Writer value) {
        add(map, 1, owner, slot, value);
    }

    /**
     * An entry of map's batch number pass: each pass of a map is a batch of its own, and batches are written in the
     * order their first entry was added (so the writes of one slot in passes 0, 1, 2 are separate syscalls, in the
     * order they were added).
     */
    void add(String map, int pass, int owner, int slot, Dataplane.Writer value) {
        add(entries(map, pass), owner, slot, value);
    }

    private static void add(Entries e, int owner, int slot, Dataplane.Writer value) {
        int i = e.next(owner);
        e.keys.putInt(i * e.keySize, slot);
        value.write(e.values, i * e.valueSize);
    }

    private Entries entries(String map) {
        return entries(map, 0);
    }

    private Entries entries(String map, int pass) {
        for (int i = 0; i < used; i++) {
            if (byMap.get(i).name.equals(map) && byMap.get(i).pass == pass) {
                return byMap.get(i);
            }
        }
        if (used == byMap.size()) {
            byMap.add(new Entries());
        }
        Entries e = byMap.get(used++);
        e.reset(map, pass, maps.apply(map));
        return e;
    }

    /** Writes everything; returns per owner null (all its entries written) or the error that refused one. */
    List<BpfException> write() {
        for (int m = 0; m < used; m++) {
            write(byMap.get(m));
        }
        return Arrays.asList(refused);
    }

    private void write(Entries e) {
        if (!anyRefused && !e.name.equals(NO_BATCH)) {
            try {
                e.map.updateBatch(e.keys(0, e.count), e.values(0, e.count), e.count);
                for (int i = 0; i < e.count; i++) {
                    log.written(e.name, e.keys(i, 1), e.values(i, 1));
                }
                return;
            } catch (BpfException some) {
                // one by one below, to know whose entry it was (rewriting the ones written is harmless)
            }
        }
        for (int i = 0; i < e.count; i++) {
            int owner = e.owners[i];
            if (refused[owner] == null) {
                try {
                    e.map.update(e.keys(i, 1), e.values(i, 1), UpdateFlags.ANY);
                    log.written(e.name, e.keys(i, 1), e.values(i, 1));
                } catch (BpfException x) {
                    refused[owner] = x;
                    anyRefused = true;
                }
            }
        }
    }
}
