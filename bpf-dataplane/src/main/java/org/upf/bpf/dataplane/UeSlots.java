package org.upf.bpf.dataplane;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.upf.bpf.BpfException;
import org.upf.bpf.BpfMap;
import org.upf.bpf.BpfMapType;
import org.upf.bpf.Errno;

/**
 * The slots of {@link DenseIndex#VALUES_MAP} that hold the values of the UEs found by hash or trie ({@link UeKeys#DL4_MAP},
 * {@link UeKeys#DL6_MAP}, {@link UeKeys#DL6P_MAP}, whose value is just the slot): the slots after the dense ranges'
 * ({@link DenseIndex#slots()}) up to the array's end, one per key (an IPv4 address, an exact IPv6 address, an IPv6
 * prefix), handed out when the key is first installed and given back when it is removed. A key's slot changes by its
 * gate alone, as a dense range's does, so a packet never reads another UE's value out of a hash element that an update
 * replaced (Linux ≥ 6.1 may reuse such an element at once: docs/dataplane.md, "Modify, downlink").
 *
 * <p>Freed slots are reused first in, first out (a ring of free slots, not a stack): a freed slot is handed out again
 * as late as possible, so a packet that read its key's slot number just before the removal and is stalled across
 * syscalls (the window that remains, docs/dataplane.md) would have to stay stalled until every other free slot was
 * used. A load on pinned maps rebuilds the allocator from the keys the hashes and the trie hold ({@link #read}).
 * Not thread-safe: the {@link Dataplane}'s rule writes are mutually exclusive.
 */
final class UeSlots {
    private final int first;
    private final Map<Object, Integer> byKey = new HashMap<>();
    /** Slot - first -> its key, null if free. */
    private final Object[] keys;
    /** Slot - first -> the session whose write it holds ({@link #own}), {@link #UNKNOWN} before the first. */
    private final int[] owners;
    /** The owner of a free slot, or of a slot a load found (until its session is installed again). */
    private static final int UNKNOWN = -1;
    /** The free slots, oldest freed first: a ring of count slots from head. */
    private final int[] free;
    private int head;
    private int count;

    /** Slots first (the first after the dense ranges') to end (the array's size), all free, in ascending order. */
    UeSlots(int first, int end) {
        this.first = first;
        int n = Math.max(0, end - first);
        keys = new Object[n];
        owners = new int[n];
        Arrays.fill(owners, UNKNOWN);
        free = new int[n];
        for (int i = 0; i < n; i++) {
            free[i] = first + i;
        }
        count = n;
    }

    /** The key of an IPv6 prefix: its address masked to its length (as the trie stores it). */
    static SessionRules.Ipv6Prefix prefixKey(Inet6Address prefix, int length) {
        byte[] raw = prefix.getAddress();
        byte[] mask = Addresses.mask(6, length);
        for (int i = 0; i < 16; i++) {
            raw[i] &= mask[i];
        }
        return new SessionRules.Ipv6Prefix(Addresses.ipv6(raw), length);
    }

    /**
     * The tag of key that the value in its slot carries in its set's teid word, which the program checks after the
     * lookup (upf_ue_hashed, upf_rules.h: the words as the program loads them from the packet): the IPv4 address, an
     * exact IPv6 address's four 32-bit words XORed, a prefix of /64 or longer its first two words XORed; 0 (not
     * checked) for a shorter prefix, whose packets' addresses differ from the prefix after its length.
     */
    static int tag(Object key) {
        if (key instanceof Inet4Address a) {
            return words(a.getAddress(), 1);
        }
        if (key instanceof Inet6Address a) {
            return words(a.getAddress(), 4);
        }
        SessionRules.Ipv6Prefix p = (SessionRules.Ipv6Prefix) key;
        return p.length() >= 64 ? words(p.prefix().getAddress(), 2) : 0;
    }

    private static int words(byte[] raw, int n) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        int tag = 0;
        for (int i = 0; i < n; i++) {
            tag ^= b.getInt(4 * i);
        }
        return tag;
    }

    /** The slot of key, 0 if it has none. */
    int slot(Object key) {
        Integer slot = byKey.get(key);
        return slot == null ? 0 : slot;
    }

    /** The key slot holds, null if it is free or a dense range's. */
    Object key(int slot) {
        return slot < first || slot - first >= keys.length ? null : keys[slot - first];
    }

    /**
     * session's write went into slot (a hashed slot; others are ignored): the later write wins, as it would in a hash,
     * so a UE address two sessions were given is the later one's until that one is removed.
     */
    void own(int slot, int session) {
        if (key(slot) != null) {
            owners[slot - first] = session;
        }
    }

    /**
     * Whether session may close and free slot: a dense range's slot, a free one, one session's write went into last, or
     * one whose owner is unknown (found by a load, not installed again since; the caller checks what it holds).
     */
    boolean heldBy(int slot, int session) {
        if (key(slot) == null) {
            return true;
        }
        int owner = owners[slot - first];
        return owner == UNKNOWN || owner == session;
    }

    /**
     * Whether slot is a hashed slot session's write went into last: a session whose slot another install switched off
     * to take it over still holds it if that install was refused (then the slot is closed, and its removal frees it).
     */
    boolean ownedBy(int slot, int session) {
        return key(slot) != null && owners[slot - first] == session;
    }

    /** Free slots. */
    int available() {
        return count;
    }

    /** Slots for hashed UEs in all (free or not). */
    int capacity() {
        return keys.length;
    }

    /**
     * Gives each of keys that has no slot one, oldest freed first; returns the slots given (their keys must be written
     * into their hash or trie). All or nothing: if the slots run out, the ones given here are taken back and
     * {@link Exhausted} is thrown.
     */
    Set<Integer> allocate(List<Object> wanted) {
        Set<Integer> given = Set.of(); // no allocation for a session of dense UEs alone (issue 5: bytes per session)
        for (Object key : wanted) {
            if (byKey.containsKey(key)) {
                continue;
            }
            if (given.isEmpty()) {
                given = new LinkedHashSet<>();
            }
            if (count == 0) {
                List<Integer> back = new ArrayList<>(given);
                for (int i = back.size() - 1; i >= 0; i--) {
                    unfree(back.get(i));
                }
                throw new Exhausted(key, keys.length);
            }
            int slot = free[head];
            head = (head + 1) % free.length;
            count--;
            take(key, slot);
            given.add(slot);
        }
        return given;
    }

    /** Gives slot back (its key deleted, its value closed): reused after every slot freed before it. */
    void free(int slot) {
        Object key = key(slot);
        if (key == null) {
            return;
        }
        byKey.remove(key);
        keys[slot - first] = null;
        owners[slot - first] = UNKNOWN;
        free[(head + count) % free.length] = slot;
        count++;
    }

    /** Undoes the latest allocation of slot: back at the head of the ring, as if never handed out. */
    private void unfree(int slot) {
        byKey.remove(keys[slot - first]);
        keys[slot - first] = null;
        owners[slot - first] = UNKNOWN;
        head = (head - 1 + free.length) % free.length;
        free[head] = slot;
        count++;
    }

    private void take(Object key, int slot) {
        byKey.put(key, slot);
        keys[slot - first] = key;
    }

    /**
     * The allocator of a load on pinned maps: the slots the keys of the pinned hashes and trie name are in use, the
     * others free in ascending order. A key naming a slot outside first..end (a dense range's slot: a dense UE's value)
     * or one another key names too (another key's UE) would lead packets into another UE's value: such keys (every key
     * of a slot named twice, as which one is right is unknown) go into stale for the caller to delete, with a warning
     * in log; their sessions' next install writes them again.
     */
    static UeSlots read(BpfMap dl4, BpfMap dl6, BpfMap dl6p, int first, int end, List<Object> stale,
            System.Logger log) {
        UeSlots slots = new UeSlots(first, end);
        boolean[] used = new boolean[slots.keys.length];
        Set<Integer> twice = new LinkedHashSet<>();
        forEachKey(dl4, dl6, dl6p, (key, values, at) -> slots.restore(key, values.getInt(at), used, twice, stale, log));
        for (int slot : twice) {
            Object key = slots.keys[slot - first];
            log.log(System.Logger.Level.WARNING, "pinned UE key {0} names slot {1}, which another key names too:"
                    + " deleted", key, slot);
            stale.add(key);
            slots.byKey.remove(key);
            slots.keys[slot - first] = null;
            used[slot - first] = false;
        }
        int n = 0;
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                slots.free[n++] = first + i;
            }
        }
        slots.head = 0;
        slots.count = n;
        return slots;
    }

    private void restore(Object key, int slot, boolean[] used, Set<Integer> twice, List<Object> stale,
            System.Logger log) {
        boolean outside = slot < first || slot - first >= keys.length;
        if (outside || used[slot - first]) {
            log.log(System.Logger.Level.WARNING, "pinned UE key {0} names slot {1}, {2}: deleted (its packets would"
                    + " read another UE''s value; its session''s next install writes it again)", key, slot, outside
                    ? "not one of the UE slots " + first + ".." + (first + keys.length - 1) : "which another key names too");
            stale.add(key);
            if (!outside) {
                twice.add(slot);
            }
            return;
        }
        used[slot - first] = true;
        take(key, slot);
    }

    /** A key of a UE-address map (an address, an exact IPv6 address, a prefix) and its value at values[at..]. */
    @FunctionalInterface
    interface KeyEntry {
        void accept(Object key, ByteBuffer values, int at);
    }

    @FunctionalInterface
    private interface Entry {
        void accept(byte[] key, ByteBuffer values, int at);
    }

    /** Every key of the UE-address maps dl4, dl6 and dl6p (of any layout; a null map is skipped) with its value. */
    static void forEachKey(BpfMap dl4, BpfMap dl6, BpfMap dl6p, KeyEntry entry) {
        walk(dl4, (k, values, at) -> entry.accept(Addresses.ipv4(k), values, at));
        walk(dl6, (k, values, at) -> entry.accept(Addresses.ipv6(k), values, at));
        walk(dl6p, (k, values, at) -> {
            byte[] addr = new byte[16];
            System.arraycopy(k, Ipv6Key.PREFIX.offset("addr"), addr, 0, 16);
            int length = ByteBuffer.wrap(k).order(ByteOrder.nativeOrder()).getInt(Ipv6Key.PREFIX.offset("prefixlen"));
            entry.accept(new SessionRules.Ipv6Prefix(Addresses.ipv6(addr), length), values, at);
        });
    }

    /** Entries per BPF_MAP_LOOKUP_BATCH of a hash (a bucket's entries must fit one call). */
    private static final int BATCH = 4096;

    /**
     * Every key of m and its value, once per load: a hash in batches of {@value #BATCH} entries per syscall, the
     * LPM trie (no batch operations) one key and one lookup at a time.
     */
    private static void walk(BpfMap m, Entry entry) {
        if (m == null) {
            return;
        }
        int ks = m.keySize();
        int vs = m.valueBufferSize();
        if (m.type() == BpfMapType.HASH) {
            ByteBuffer keys = ByteBuffer.allocateDirect(BATCH * ks).order(ByteOrder.nativeOrder());
            ByteBuffer values = ByteBuffer.allocateDirect(BATCH * vs).order(ByteOrder.nativeOrder());
            BpfMap.BatchCursor cursor = m.batchCursor();
            while (!cursor.done()) {
                int n = m.lookupBatch(cursor, keys.clear(), values.clear(), BATCH);
                for (int i = 0; i < n; i++) {
                    byte[] k = new byte[ks];
                    keys.get(i * ks, k);
                    entry.accept(k, values, i * vs);
                }
            }
            return;
        }
        ByteBuffer key = ByteBuffer.allocateDirect(ks).order(ByteOrder.nativeOrder());
        ByteBuffer next = ByteBuffer.allocateDirect(ks).order(ByteOrder.nativeOrder());
        ByteBuffer value = ByteBuffer.allocateDirect(vs).order(ByteOrder.nativeOrder());
        boolean more = m.nextKey(null, next.clear());
        while (more) {
            if (m.lookup(next.clear(), value.clear())) {
                byte[] k = new byte[ks];
                next.get(0, k);
                entry.accept(k, value, 0);
            }
            key.clear().put(next.clear()).clear();
            more = m.nextKey(key, next.clear());
        }
    }

    /**
     * No UE slot left: every slot of upf_dldense_v1 after the dense ranges holds a UE found by hash or trie. The UE is
     * not installed and nothing of it was written (a BpfException, as a full map's refusal: the agent answers
     * "No resources available", TS 29.244 §8.2.1 cause 75).
     */
    static final class Exhausted extends BpfException {
        private static final long serialVersionUID = 1L;

        Exhausted(Object key, int capacity) {
            super(Errno.ENOSPC, "no UE slot left for " + key + ": all " + capacity + " slots of "
                    + DenseIndex.VALUES_MAP + " after the dense ranges hold UEs found by hash or trie"
                    + " (DataplaneConfig.denseSlots, the agent's maps.ueDenseSlots)");
        }
    }
}
