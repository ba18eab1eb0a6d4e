package org.upf.control.session;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The map of each kind of a {@link SessionState} (rules, slots, TEIDs by ID): a few entries in insertion order, kept
 * in one array of keys and values made on the first put. A session has one to a handful of rules of each kind and a
 * state has twelve such maps, built for every request: against a {@code HashMap}/{@code LinkedHashMap} this saves the
 * table and one node per entry, and iterating keys or values makes no entry objects (issue 5: bytes allocated per
 * establishment). Lookups scan the keys, which at this size is as fast as hashing; a map that grows past
 * {@link #INDEXED_FROM} entries (a request may create thousands of rules of one kind, and every request copies the
 * session's maps) also keeps a hash index while it only grows, so that building it stays linear. No null keys or values.
 */
final class RuleMap<K, V> extends AbstractMap<K, V> {
    private static final Object[] NONE = {};
    /** Entries the array first holds: most maps of a session hold one or two. */
    private static final int FIRST_CAPACITY = 2;
    private static final int KEYS = 0;
    private static final int VALUES = 1;
    private static final int ENTRIES = 2;
    /** Size from which a put (re)builds {@link #index}. */
    static final int INDEXED_FROM = 16;

    /** Key of entry i at 2i, its value at 2i + 1: one array per map. */
    private Object[] table = NONE;
    private int size;
    /**
     * Key -> entry number, built by a put at {@link #INDEXED_FROM} entries or more and dropped by a removal (which
     * renumbers the entries after it); null while the map is small or since the last removal (lookups scan then).
     */
    private HashMap<Object, Integer> index;

    @Override
    public int size() {
        return size;
    }

    private int indexOf(Object key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            if (table[2 * i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public boolean containsValue(Object value) {
        for (int i = 0; i < size; i++) {
            if (table[2 * i + 1].equals(value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) table[2 * i + 1];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(K key, V value) {
        Objects.requireNonNull(value, "value");
        int i = indexOf(Objects.requireNonNull(key, "key"));
        if (i >= 0) {
            V old = (V) table[2 * i + 1];
            table[2 * i + 1] = value;
            return old;
        }
        if (2 * size == table.length) {
            table = Arrays.copyOf(table, 2 * Math.max(FIRST_CAPACITY, 2 * size));
        }
        table[2 * size] = key;
        table[2 * size + 1] = value;
        size++;
        if (index != null) {
            index.put(key, size - 1);
        } else if (size >= INDEXED_FROM) {
            index = new HashMap<>(2 * size);
            for (int k = 0; k < size; k++) {
                index.put(table[2 * k], k);
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        V old = (V) table[2 * i + 1];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        index = null;
        System.arraycopy(table, 2 * i + 2, table, 2 * i, 2 * (size - i - 1));
        size--;
        table[2 * size] = null;
        table[2 * size + 1] = null;
    }

    @Override
    public void clear() {
        index = null;
        Arrays.fill(table, 0, 2 * size, null);
        size = 0;
    }

    /**
     * Key of the entry at index i (0 to size - 1, insertion order): with {@link #valueAt} the hot loops over a session's
     * rules read the array without a view or iterator object.
     */
    @SuppressWarnings("unchecked")
    K keyAt(int i) {
        return (K) table[2 * i];
    }

    /** Value of the entry at index i (0 to size - 1, insertion order). */
    @SuppressWarnings("unchecked")
    V valueAt(int i) {
        return (V) table[2 * i + 1];
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (int i = 0; i < size; i++) {
            action.accept((K) table[2 * i], (V) table[2 * i + 1]);
        }
    }

    @Override
    public Set<K> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<K> iterator() {
                return new Cursor<>(KEYS);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Collection<V> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<V> iterator() {
                return new Cursor<>(VALUES);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return new Cursor<>(ENTRIES);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Walks the keys, values or (immutable) entries in insertion order; remove() drops the last one returned. */
    private final class Cursor<T> implements Iterator<T> {
        private final int kind;
        private int next;
        private boolean removable;

        Cursor(int kind) {
            this.kind = kind;
        }

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T next() {
            if (next >= size) {
                throw new NoSuchElementException();
            }
            int i = next++;
            removable = true;
            return (T) switch (kind) {
                case KEYS -> table[2 * i];
                case VALUES -> table[2 * i + 1];
                default -> Map.entry(table[2 * i], table[2 * i + 1]);
            };
        }

        @Override
        public void remove() {
            if (!removable) {
                throw new IllegalStateException();
            }
            removable = false;
            removeAt(--next);
        }
    }
}
