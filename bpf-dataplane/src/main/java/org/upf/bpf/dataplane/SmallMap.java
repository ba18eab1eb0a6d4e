package org.upf.bpf.dataplane;

import java.util.Arrays;

/**
 * A few keys and values in insertion order (key, value, key, value, ... in one array made on the first put), turned
 * into an unmodifiable {@link RuleTable}: the maps of {@link SessionRules}, the entry points a write of {@link Dataplane}
 * opens last. For the rules of one session (one to a handful of entries per map) this costs no hash table, node or
 * iterator per entry.
 */
final class SmallMap<K, V> {
    private static final Object[] NONE = {};
    /** Made on the first put: most of a session's maps stay empty or hold one or two entries. */
    private Object[] kv = NONE;
    private int size;
    /** kv is a table's ({@link #toMap}): copied before the next change. */
    private boolean shared;

    /** Adds key, or replaces its value if it is there. */
    void put(K key, V value) {
        if (shared) {
            kv = kv.clone();
            shared = false;
        }
        for (int i = 0; i < 2 * size; i += 2) {
            if (kv[i].equals(key)) {
                kv[i + 1] = value;
                return;
            }
        }
        if (2 * size == kv.length) {
            kv = Arrays.copyOf(kv, Math.max(2, 4 * size));
        }
        kv[2 * size] = key;
        kv[2 * size + 1] = value;
        size++;
    }

    /** The entries as a table, which takes the array as it is when it is full (no copy; a later put copies it). */
    RuleTable<K, V> toMap() {
        if (2 * size != kv.length) {
            return RuleTable.of(kv, size);
        }
        shared = true;
        return RuleTable.of(kv);
    }
}
