package org.upf.control.alloc;

/**
 * A map from non-zero longs (SEIDs) to values in two open-addressing arrays (linear probing, at most half full):
 * 24 to 48 bytes per entry instead of the ~60 of a {@code HashMap<Long, V>} with its boxed keys and nodes, for the
 * sessions of a million UEs. 0 marks a free cell, so it cannot be a key. Not thread-safe.
 */
public final class LongMap<V> {
    private static final int MIN_CELLS = 16;
    private long[] keys = new long[MIN_CELLS];
    private Object[] values = new Object[MIN_CELLS];
    private int size;

    /** Puts value under key; returns the value it replaced, or null. */
    public V put(long key, V value) {
        if (key == 0) {
            throw new IllegalArgumentException("0 cannot be a key");
        }
        int i = find(keys, key);
        V old = valueAt(i);
        keys[i] = key;
        values[i] = value;
        if (old == null && ++size * 2 > keys.length) {
            resize(keys.length * 2);
        }
        return old;
    }

    public V get(long key) {
        return key == 0 ? null : valueAt(find(keys, key));
    }

    /** Removes key; returns its value, or null if it had none. */
    public V remove(long key) {
        if (key == 0) {
            return null;
        }
        int i = find(keys, key);
        V old = valueAt(i);
        if (old == null) {
            return null;
        }
        size--;
        // Backward-shift deletion: later members of the probe run move into the hole so lookups still reach them.
        int mask = keys.length - 1;
        for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            if (((j - home(keys[j], mask)) & mask) >= ((j - i) & mask)) {
                keys[i] = keys[j];
                values[i] = values[j];
                i = j;
            }
        }
        keys[i] = 0;
        values[i] = null;
        if (size * 8 < keys.length && keys.length > MIN_CELLS) {
            resize(keys.length / 2);
        }
        return old;
    }

    public int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    private V valueAt(int i) {
        return (V) values[i];
    }

    private void resize(int length) {
        long[] k = new long[length];
        Object[] v = new Object[length];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                int at = find(k, keys[i]);
                k[at] = keys[i];
                v[at] = values[i];
            }
        }
        keys = k;
        values = v;
    }

    /** The cell holding key, or the free cell where it would go. */
    private static int find(long[] keys, long key) {
        int mask = keys.length - 1;
        int i = home(key, mask);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int home(long key, int mask) {
        long h = key * 0x9e3779b97f4a7c15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
