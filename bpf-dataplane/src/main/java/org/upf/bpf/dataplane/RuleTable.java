package org.upf.bpf.dataplane;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The unmodifiable maps of {@link SessionRules}: a few entries in insertion order in one array (key, value, key, value,
 * ...), which the write paths read by index ({@link #keyAt}, {@link #valueAt}) and look up by slot ({@link #get(int)})
 * without an iterator, entry or boxed slot per rule (issue 5: bytes allocated per establishment). Lookups scan the
 * keys; a table of more than {@link #SCAN} entries also keeps a hash index, so a session with many rules costs no
 * quadratic scans. Equal to any map with the same entries ({@link AbstractMap}); changes throw.
 */
final class RuleTable<K, V> extends AbstractMap<K, V> {
    /** Up to this many entries a lookup scans the keys (a session has one to a handful per map). */
    private static final int SCAN = 8;
    private static final RuleTable<?, ?> EMPTY = new RuleTable<>(new Object[0]);

    private final Object[] kv;
    /** Key -> index, for tables of more than {@link #SCAN} entries; else null. */
    private final Map<Object, Integer> index;

    private RuleTable(Object[] kv) {
        this.kv = kv;
        int n = kv.length / 2;
        if (n > SCAN) {
            index = new HashMap<>(2 * n);
            for (int i = 0; i < n; i++) {
                index.put(kv[2 * i], i);
            }
        } else {
            index = null;
        }
    }

    /**
     * The first size entries of kv (key, value, ...: distinct keys, as {@link SmallMap} keeps them), copied; no null
     * key or value.
     */
    static <K, V> RuleTable<K, V> of(Object[] kv, int size) {
        return of(Arrays.copyOf(kv, 2 * size));
    }

    /** The entries of kv, which the table takes as it is: nobody may change it afterwards. */
    @SuppressWarnings("unchecked")
    static <K, V> RuleTable<K, V> of(Object[] kv) {
        if (kv.length == 0) {
            return (RuleTable<K, V>) EMPTY;
        }
        for (Object o : kv) {
            Objects.requireNonNull(o);
        }
        return new RuleTable<>(kv);
    }

    /** map itself if it is a table, else its entries in its iteration order; no null key or value (as Map.copyOf). */
    @SuppressWarnings("unchecked")
    static <K, V> RuleTable<K, V> copyOf(Map<? extends K, ? extends V> map) {
        if (map instanceof RuleTable<?, ?> t) {
            return (RuleTable<K, V>) t;
        }
        Object[] kv = new Object[2 * map.size()];
        int i = 0;
        for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
            kv[i++] = e.getKey();
            kv[i++] = e.getValue();
        }
        return of(kv);
    }

    @Override
    public int size() {
        return kv.length / 2;
    }

    @SuppressWarnings("unchecked")
    K keyAt(int i) {
        return (K) kv[2 * i];
    }

    @SuppressWarnings("unchecked")
    V valueAt(int i) {
        return (V) kv[2 * i + 1];
    }

    /** The index of key, or -1. */
    int indexOf(Object key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals(key)) {
                return i / 2;
            }
        }
        return -1;
    }

    /** The value of the Integer key slot, or null: a lookup by slot without boxing it (small tables). */
    @SuppressWarnings("unchecked")
    V get(int slot) {
        if (index != null) {
            return get((Object) slot);
        }
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i] instanceof Integer k && k == slot) {
                return (V) kv[i + 1];
            }
        }
        return null;
    }

    boolean containsKey(int slot) {
        return get(slot) != null;
    }

    @Override
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : valueAt(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (int i = 0; i < kv.length; i += 2) {
            action.accept(keyAt(i / 2), valueAt(i / 2));
        }
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return RuleTable.this.size();
            }

            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size();
                    }

                    @Override
                    public Entry<K, V> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keyAt(i), valueAt(i));
                    }
                };
            }
        };
    }
}
