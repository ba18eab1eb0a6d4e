package org.upf.bpf.dataplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.upf.bpf.BpfMap;

/**
 * The UE-address maps of layout 3 an older program left pinned ({@link UeKeys}: upf_dl4_v3, upf_dl6_v3, upf_dl6p_v3,
 * key -> the whole struct upf_ue_set), while a load migrates their keys into layout 4 (docs/dataplane.md, "Maps",
 * the upgrade from layout 3): read at the load, their keys deleted with the layout-4 key of a removed UE ({@link #delete}) so a
 * restart before they are retired cannot bring a removed UE back, and retired ({@link #retire}: every key deleted,
 * the pins removed) once no pinned link runs an older program, which reads them until then.
 */
final class OlderUeKeys implements AutoCloseable {
    static final List<String> NAMES = List.of("upf_dl4_v3", "upf_dl6_v3", "upf_dl6p_v3");

    /** By {@link #NAMES}' order, null where none is pinned. */
    private final BpfMap[] maps;
    private final List<Path> pins;
    /** A key buffer per map, reused by {@link #delete} (under the Dataplane's lock, as every caller). */
    private final ByteBuffer[] scratch;

    private OlderUeKeys(BpfMap[] maps, List<Path> pins) {
        this.maps = maps;
        this.pins = pins;
        scratch = new ByteBuffer[maps.length];
        for (int i = 0; i < maps.length; i++) {
            if (maps[i] != null) {
                scratch[i] = ByteBuffer.allocateDirect(maps[i].keySize()).order(ByteOrder.nativeOrder());
            }
        }
    }

    /** The layout-3 maps pinned under pinRoot (null: none), null if there are none. */
    static OlderUeKeys open(Path pinRoot) {
        if (pinRoot == null) {
            return null;
        }
        BpfMap[] maps = new BpfMap[NAMES.size()];
        List<Path> pins = new ArrayList<>();
        for (int i = 0; i < maps.length; i++) {
            Path pin = pinRoot.resolve(NAMES.get(i));
            if (Files.exists(pin)) {
                maps[i] = BpfMap.openPinned(pin);
                pins.add(pin);
            }
        }
        return pins.isEmpty() ? null : new OlderUeKeys(maps, pins);
    }

    List<Path> pins() {
        return pins;
    }

    /** The value size of the pinned maps that differs from size (a struct upf_ue_set of another layout), 0 if none. */
    int otherValueSize(int size) {
        for (BpfMap m : maps) {
            if (m != null && m.valueSize() != size) {
                return m.valueSize();
            }
        }
        return 0;
    }

    /** Whether a pinned map holds a key. */
    boolean holdsKeys() {
        for (BpfMap m : maps) {
            if (m != null && m.nextKey(null, ByteBuffer.allocateDirect(m.keySize()).order(ByteOrder.nativeOrder()))) {
                return true;
            }
        }
        return false;
    }

    /** Every key with its value (a whole struct upf_ue_set). */
    void forEach(UeSlots.KeyEntry entry) {
        UeSlots.forEachKey(maps[0], maps[1], maps[2], entry);
    }

    /** Deletes key (a {@link UeSlots} key) from its layout-3 map, if it is there. */
    void delete(Object key) {
        int i = key instanceof Inet4Address ? 0 : key instanceof Inet6Address ? 1 : 2;
        if (maps[i] != null) {
            ByteBuffer k = scratch[i].clear();
            Dataplane.ueKey(key).write(k, 0);
            maps[i].delete(k);
        }
    }

    /** Deletes every key (the kernel keeps a map a program still holds), removes the pins; returns the keys deleted. */
    int retire() {
        List<Object> keys = new ArrayList<>();
        forEach((key, values, at) -> keys.add(key));
        keys.forEach(this::delete);
        for (Path pin : pins) {
            try {
                Files.deleteIfExists(pin);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keys.size();
    }

    @Override
    public void close() {
        for (BpfMap m : maps) {
            if (m != null) {
                m.close();
            }
        }
    }
}
