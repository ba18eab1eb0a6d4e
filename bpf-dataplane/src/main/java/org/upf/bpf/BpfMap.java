package org.upf.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A loaded BPF map, addressed by file descriptor. Keys and values are direct {@link ByteBuffer}s read or written
 * from their position; {@code remaining()} must equal {@link #keySize()} / {@link #valueBufferSize()} (batch
 * operations: at least count times that). Positions are never moved.
 *
 * <p>Maps of a {@link BpfObject} belong to the object (closing them does nothing); maps from {@link #openPinned}
 * own their descriptor and must be closed. Operations are single syscalls and safe from any thread; the kernel
 * makes each one atomic per entry (per-CPU values are copied CPU by CPU).
 */
public final class BpfMap implements AutoCloseable {
    private static final int POSSIBLE_CPUS = Native.possibleCpus();

    private final int fd;
    private final boolean ownsFd;
    private final String name;
    private final BpfMapType type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int flags;
    private final int id;
    private boolean closed;

    private BpfMap(int fd, boolean ownsFd, String name, int[] info) {
        this.fd = fd;
        this.ownsFd = ownsFd;
        this.name = name;
        this.type = BpfMapType.of(info[0]);
        this.keySize = info[1];
        this.valueSize = info[2];
        this.maxEntries = info[3];
        this.flags = info[4];
        this.id = info[5];
    }

    /** Describes the map behind fd as the kernel reports it (BPF_OBJ_GET_INFO_BY_FD). */
    static BpfMap fromFd(int fd, boolean ownsFd, String what) {
        int[] info = new int[6];
        String name = Native.mapInfo(fd, info);
        if (name == null) {
            throw new BpfException(info[0], "cannot get info of map " + what);
        }
        return new BpfMap(fd, ownsFd, name, info);
    }

    /**
     * Creates a map outside any object (BPF_MAP_CREATE), e.g. an inner map for a map-of-maps; the returned map
     * owns its descriptor. Name: at most 15 characters.
     */
    public static BpfMap create(BpfMapType type, String name, int keySize, int valueSize, int maxEntries,
                                int mapFlags) {
        int fd = BpfException.check(Native.mapCreate(type.ordinal(), name, keySize, valueSize, maxEntries, mapFlags),
                "cannot create " + type + " map " + name + " (key " + keySize + ", value " + valueSize + ", max "
                        + maxEntries + ", flags " + mapFlags + ")");
        try {
            return fromFd(fd, true, name);
        } catch (RuntimeException e) {
            Native.closeFd(fd);
            throw e;
        }
    }

    /** Opens a map pinned in bpffs; the returned map owns its descriptor. */
    public static BpfMap openPinned(Path path) {
        int fd = BpfException.check(Native.objGet(path.toString()), "cannot open pinned map " + path);
        try {
            return fromFd(fd, true, path.toString());
        } catch (RuntimeException e) {
            Native.closeFd(fd);
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public BpfMapType type() {
        return type;
    }

    public int keySize() {
        return keySize;
    }

    /** Size of one value as declared (per CPU for per-CPU maps). */
    public int valueSize() {
        return valueSize;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** BPF_F_* map flags as the kernel reports them. */
    public int flags() {
        return flags;
    }

    /** Kernel-wide map id. */
    public int id() {
        return id;
    }

    public boolean isPerCpu() {
        return type.isPerCpu();
    }

    /** Number of possible CPUs, i.e. of values in a per-CPU map entry. */
    public static int possibleCpus() {
        return POSSIBLE_CPUS;
    }

    /** Bytes of a value buffer: valueSize, or for per-CPU maps roundup(valueSize, 8) times possible CPUs. */
    public int valueBufferSize() {
        return isPerCpu() ? ((valueSize + 7) & ~7) * POSSIBLE_CPUS : valueSize;
    }

    /** The file descriptor, valid until this map (or its object) is closed. */
    public int fd() {
        checkOpen();
        return fd;
    }

    /**
     * Maps the values of this BPF_F_MMAPABLE array into memory, shared with the programs (mmap MAP_SHARED of the map's
     * pages): a direct buffer in host order over maxEntries values of roundup(valueSize, 8) octets each. Valid until
     * {@link #unmap}, which the caller must call before dropping it (and never while another thread reads it); the
     * map may be closed before.
     */
    public ByteBuffer mmap() {
        int[] err = new int[1];
        ByteBuffer mapped = Native.mapMmap(fd(), (long) maxEntries * ((valueSize + 7) & ~7), err);
        if (mapped == null) {
            throw new BpfException(err[0], "cannot mmap map " + name + " (BPF_F_MMAPABLE array?)");
        }
        return mapped.order(ByteOrder.nativeOrder());
    }

    /** Unmaps a buffer of {@link #mmap}. */
    public static void unmap(ByteBuffer mapped) {
        BpfException.check(Native.mapMunmap(mapped), "munmap");
    }

    /** Reads the value of key into value; false if the key is absent. */
    public boolean lookup(ByteBuffer key, ByteBuffer value) {
        checkKey(key, "key");
        checkValue(value);
        requireWritable(value, "value");
        return found(Native.mapLookup(fd(), key, key.position(), value, value.position()), "lookup");
    }

    /** Reads and removes the entry (queue/stack maps and hashes); false if the key is absent. */
    public boolean lookupAndDelete(ByteBuffer key, ByteBuffer value) {
        checkKey(key, "key");
        checkValue(value);
        requireWritable(value, "value");
        return found(Native.mapLookupAndDelete(fd(), key, key.position(), value, value.position()),
                "lookup and delete");
    }

    /** Creates or replaces an entry; E2BIG when the map is full, EEXIST/ENOENT for NOEXIST/EXIST. */
    public void update(ByteBuffer key, ByteBuffer value, UpdateFlags updateFlags) {
        checkKey(key, "key");
        checkValue(value);
        int ret = Native.mapUpdate(fd(), key, key.position(), value, value.position(), updateFlags.value);
        if (ret < 0) { // the message only on failure: this is the agent's hot path
            check(ret, "update (" + updateFlags + ")");
        }
    }

    /** Removes an entry; false if it was absent. */
    public boolean delete(ByteBuffer key) {
        checkKey(key, "key");
        return found(Native.mapDelete(fd(), key, key.position()), "delete");
    }

    /**
     * Writes the key following key into next (key null: the first key); false when key was the last.
     * Hash maps restart from the first key if key is absent.
     */
    public boolean nextKey(ByteBuffer key, ByteBuffer next) {
        if (key != null) {
            checkKey(key, "key");
        }
        checkKey(next, "next key");
        requireWritable(next, "next key");
        int at = key == null ? 0 : key.position();
        return found(Native.mapNextKey(fd(), key, at, next, next.position()), "get next key");
    }

    /** All keys, each in a fresh direct buffer in host byte order, in the map's order (BPF_MAP_GET_NEXT_KEY). */
    public Iterable<ByteBuffer> keys() {
        return () -> new Iterator<>() {
            private ByteBuffer next = advance(null);

            private ByteBuffer advance(ByteBuffer from) {
                ByteBuffer candidate = ByteBuffer.allocateDirect(keySize).order(ByteOrder.nativeOrder());
                return nextKey(from, candidate) ? candidate : null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ByteBuffer next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                ByteBuffer current = next;
                next = advance(current);
                return current;
            }
        };
    }

    /** Creates or replaces count entries at once; returns the number written. */
    public int updateBatch(ByteBuffer keys, ByteBuffer values, int count) {
        return updateBatch(keys, values, count, UpdateFlags.ANY);
    }

    public int updateBatch(ByteBuffer keys, ByteBuffer values, int count, UpdateFlags updateFlags) {
        checkBatch(keys, keySize, count, "keys");
        checkBatch(values, valueBufferSize(), count, "values");
        int[] n = {count};
        int ret = Native.mapUpdateBatch(fd(), keys, keys.position(), values, values.position(), n,
                updateFlags.value);
        if (ret < 0) {
            check(ret, "batch update of " + count + " entries (" + n[0] + " written)");
        }
        return n[0];
    }

    /** Deletes count keys at once; returns the number deleted (ENOENT for an absent key). */
    public int deleteBatch(ByteBuffer keys, int count) {
        checkBatch(keys, keySize, count, "keys");
        int[] n = {count};
        check(Native.mapDeleteBatch(fd(), keys, keys.position(), n),
                "batch delete of " + count + " keys (" + n[0] + " deleted)");
        return n[0];
    }

    /** Starts a batched walk over the map for {@link #lookupBatch} or {@link #lookupAndDeleteBatch}. */
    public BatchCursor batchCursor() {
        return new BatchCursor(Math.max(keySize, 8));
    }

    /**
     * Starts a batched walk after key (the map's key bytes, host order): the kernel continues at the key that follows
     * it, so for an ARRAY map at key + 1. Lets a reader fetch a range of array slots without walking from slot 0.
     */
    public BatchCursor batchCursorAfter(byte[] key) {
        if (key.length != keySize) {
            throw new IllegalArgumentException("key of " + key.length + " bytes, the map's keys have " + keySize);
        }
        BatchCursor c = batchCursor();
        System.arraycopy(key, 0, c.token, 0, keySize);
        c.started = true;
        return c;
    }

    /**
     * Reads up to count entries from where cursor stopped into keys/values; returns the number read. After the
     * last entry {@link BatchCursor#done()} is true. Hash maps may return fewer than count per call.
     */
    public int lookupBatch(BatchCursor cursor, ByteBuffer keys, ByteBuffer values, int count) {
        return batch(cursor, false, keys, values, count);
    }

    /** Like {@link #lookupBatch} but also removes the entries read. */
    public int lookupAndDeleteBatch(BatchCursor cursor, ByteBuffer keys, ByteBuffer values, int count) {
        return batch(cursor, true, keys, values, count);
    }

    private int batch(BatchCursor cursor, boolean andDelete, ByteBuffer keys, ByteBuffer values, int count) {
        if (cursor.done) {
            return 0;
        }
        checkBatch(keys, keySize, count, "keys");
        checkBatch(values, valueBufferSize(), count, "values");
        requireWritable(keys, "keys");
        requireWritable(values, "values");
        int[] n = {count};
        byte[] out = new byte[cursor.token.length];
        int ret = Native.mapLookupBatch(fd(), andDelete, cursor.started ? cursor.token : null, out,
                keys, keys.position(), values, values.position(), n);
        if (ret == -Errno.ENOENT) {
            cursor.done = true;
        } else if (ret < 0) {
            check(ret, (andDelete ? "batch lookup and delete" : "batch lookup") + " of " + count + " entries");
        }
        cursor.started = true;
        cursor.token = out;
        return n[0];
    }

    /** Position of a batched walk (the kernel's opaque batch token). */
    public static final class BatchCursor {
        private byte[] token;
        private boolean started;
        private boolean done;

        private BatchCursor(int tokenSize) {
            this.token = new byte[tokenSize];
        }

        /** True once the walk has returned the map's last entry. */
        public boolean done() {
            return done;
        }
    }

    /** Pins the map in bpffs at path (the parent directory must exist). */
    public void pin(Path path) {
        check(Native.objPin(fd(), path.toString()), "pin at " + path);
    }

    /** Removes a pin of this map; the map lives on while other pins, programs or descriptors hold it. */
    public void unpin(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpin map " + name + " at " + path, e);
        }
    }

    @Override
    public void close() {
        if (!closed && ownsFd) {
            Native.closeFd(fd);
        }
        closed = true;
    }

    /** Marks an object's map unusable once its object is closed. */
    void invalidate() {
        closed = true;
    }

    @Override
    public String toString() {
        return "BpfMap[" + name + " " + type + " key " + keySize + " value " + valueSize + " max " + maxEntries + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("map " + name + " is closed");
        }
    }

    private void checkKey(ByteBuffer key, String what) {
        checkBuffer(key, keySize, what);
    }

    private void checkValue(ByteBuffer value) {
        checkBuffer(value, valueBufferSize(), "value");
    }

    private void checkBuffer(ByteBuffer buf, int expected, String what) {
        requireDirect(buf, what);
        if (buf.remaining() != expected) {
            throw new IllegalArgumentException("map " + name + ": " + what + " size: expected " + expected
                    + " bytes, got " + buf.remaining());
        }
    }

    private void checkBatch(ByteBuffer buf, int elementSize, int count, String what) {
        requireDirect(buf, what);
        if (count <= 0) {
            throw new IllegalArgumentException("map " + name + ": batch count must be positive, got " + count);
        }
        long expected = (long) elementSize * count;
        if (buf.remaining() < expected) {
            throw new IllegalArgumentException("map " + name + ": " + what + " size for " + count + " entries: expected "
                    + expected + " bytes, got " + buf.remaining());
        }
    }

    private void requireDirect(ByteBuffer buf, String what) {
        if (buf == null || !buf.isDirect()) {
            throw new IllegalArgumentException("map " + name + ": " + what + " must be a direct ByteBuffer");
        }
    }

    /** Buffers the kernel writes into. */
    private void requireWritable(ByteBuffer buf, String what) {
        if (buf.isReadOnly()) {
            throw new IllegalArgumentException("map " + name + ": " + what + " buffer is read-only");
        }
    }

    private void check(int ret, String what) {
        if (ret < 0) {
            throw new BpfException(-ret, "map " + name + ": " + what);
        }
    }

    /** ENOENT is an answer ("absent"), not an error. */
    private boolean found(int ret, String what) {
        if (ret == -Errno.ENOENT) {
            return false;
        }
        check(ret, what);
        return true;
    }
}
