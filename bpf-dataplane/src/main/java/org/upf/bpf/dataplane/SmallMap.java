package org.upf.bpf.dataplane;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * A few keys and values in insertion order, turned into an unmodifiable {@link Map} or key {@link Set} of the
 * {@code Map.of}/{@code Set.of} family, which {@code Map.copyOf}/{@code Set.copyOf} return as they are. For the rules of
 * one session (one to a handful of entries per map) this costs no hash table, node or iterator per entry.
 */
final class SmallMap<K, V> {
    private static final Object[] NONE = {};
    /** Arrays made on the first put: most of a session's eight maps stay empty or hold one or two entries. */
    private Object[] keys = NONE;
    private Object[] values = NONE;
    private int size;

    /** Adds key, or replaces its value if it is there. */
    void put(K key, V value) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                values[i] = value;
                return;
            }
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, Math.max(2, 2 * size));
            values = Arrays.copyOf(values, Math.max(2, 2 * size));
        }
        keys[size] = key;
        values[size] = value;
        size++;
    }

    @SuppressWarnings("unchecked")
    Map<K, V> toMap() {
        Object[] k = keys;
        Object[] v = values;
        return (Map<K, V>) switch (size) {
            case 0 -> Map.of();
            case 1 -> Map.of(k[0], v[0]);
            case 2 -> Map.of(k[0], v[0], k[1], v[1]);
            case 3 -> Map.of(k[0], v[0], k[1], v[1], k[2], v[2]);
            case 4 -> Map.of(k[0], v[0], k[1], v[1], k[2], v[2], k[3], v[3]);
            default -> {
                @SuppressWarnings("rawtypes")
                Map.Entry[] entries = new Map.Entry[size];
                for (int i = 0; i < size; i++) {
                    entries[i] = Map.entry(k[i], v[i]);
                }
                yield Map.ofEntries(entries);
            }
        };
    }

    @SuppressWarnings("unchecked")
    Set<K> toSet() {
        return (Set<K>) switch (size) {
            case 0 -> Set.of();
            case 1 -> Set.of(keys[0]);
            case 2 -> Set.of(keys[0], keys[1]);
            default -> Set.of(Arrays.copyOf(keys, size));
        };
    }
}
