package org.upf.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The JNI shim ({@code src/main/c/*.c}, libbpf 1.1). Every call returns a value {@code >= 0} or a negative
 * errno, never throws: the typed classes of this package turn errors into {@link BpfException} with context.
 * Handles ({@code long}) are libbpf pointers and never leave this package.
 */
final class Native {
    private static final String LIBRARY = "/native/linux-x86_64/libupfbpf.so";

    static {
        load();
    }

    private Native() {}

    /** Extracts the shim from the classpath into a private temp dir, loads it and deletes the copy at once. */
    private static void load() {
        try (InputStream in = Native.class.getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("classpath resource " + LIBRARY + " missing (native build not run?)");
            }
            Path dir = Files.createTempDirectory("upfbpf");
            Path lib = dir.resolve("libupfbpf.so");
            try {
                Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
                System.load(lib.toString());
            } finally {
                // The mapping stays valid after unlink; nothing is left behind even if the JVM is killed.
                Files.deleteIfExists(lib);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + LIBRARY, e);
        }
    }

    /** Forces class initialisation (library load) early, e.g. before entering a namespace. */
    static void ensureLoaded() {}

    // ---- errno, log (log.c) ----
    static native String errnoName(int errno);

    static native String strerror(int errno);

    static native int possibleCpus();

    static native void closeFd(int fd);

    // ---- threads (affinity.c) ----
    static native int pinThread(int cpu);

    // ---- scheduling of single threads (priority.c) ----
    static native int setThreadNice(int tid, int nice);

    static native int setThreadSlice(int tid, long sliceNs);

    static native long threadSlice(int tid);

    // ---- objects (object.c) ----
    static native long objectOpen(String name, byte[] elf, String kconfig);

    static native int objectLoad(long obj);

    static native void objectClose(long obj);

    static native String[] objectMapNames(long obj);

    static native String[] objectProgramNames(long obj);

    static native long objectMap(long obj, String name);

    static native long objectProgram(long obj, String name);

    /**
     * Layout of a struct, or else of a data section's variables (".rodata"): {numbers, names}, numbers =
     * [size, offset0, size0, offset1, size1, ...], names[0] unused; null if absent.
     */
    static native Object[] structLayout(long obj, String structName);

    /** Map as declared in the object: {type, keySize, valueSize, maxEntries, flags}. */
    static native void mapDefinition(long map, int[] out);

    static native int mapSetMaxEntries(long map, int maxEntries);

    static native int mapSetInitialValue(long map, byte[] value);

    static native String mapPinPath(long map);

    static native int mapSetPinPath(long map, String path);

    static native int mapReuseFd(long map, int fd);

    static native int mapPin(long map, String path);

    static native int mapFd(long map);

    static native int programFd(long prog);

    static native int programType(long prog);

    // ---- maps by fd (maps.c) ----
    static native int mapCreate(int type, String name, int keySize, int valueSize, int maxEntries, int flags);

    /** Fills {type, keySize, valueSize, maxEntries, flags, id}; returns the map name or null (out[0] = errno). */
    static native String mapInfo(int fd, int[] out);

    static native int mapLookup(int fd, ByteBuffer key, int keyOff, ByteBuffer value, int valueOff);

    static native int mapLookupAndDelete(int fd, ByteBuffer key, int keyOff, ByteBuffer value, int valueOff);

    static native int mapUpdate(int fd, ByteBuffer key, int keyOff, ByteBuffer value, int valueOff, long flags);

    static native int mapDelete(int fd, ByteBuffer key, int keyOff);

    static native int mapNextKey(int fd, ByteBuffer key, int keyOff, ByteBuffer next, int nextOff);

    /** count[0]: in = entries offered, out = entries processed (also on error). */
    static native int mapUpdateBatch(int fd, ByteBuffer keys, int keysOff, ByteBuffer values, int valuesOff,
                                     int[] count, long flags);

    static native int mapDeleteBatch(int fd, ByteBuffer keys, int keysOff, int[] count);

    /** inBatch null on the first call; -ENOENT means the map is exhausted (count[0] still valid). */
    static native int mapLookupBatch(int fd, boolean andDelete, byte[] inBatch, byte[] outBatch,
                                     ByteBuffer keys, int keysOff, ByteBuffer values, int valuesOff, int[] count);

    /** The values of a BPF_F_MMAPABLE array mapped MAP_SHARED (size octets); null with err[0] = errno. */
    static native ByteBuffer mapMmap(int fd, long size, int[] err);

    /** Unmaps a buffer of {@link #mapMmap}. */
    static native int mapMunmap(ByteBuffer mapped);

    static native int objPin(int fd, String path);

    static native int objGet(String path);

    // ---- programs, links, test_run (programs.c) ----
    /** Fills {type, id}. */
    static native int progInfo(int fd, int[] out);

    /** BPF_ENABLE_STATS(BPF_STATS_RUN_TIME); returns the fd that keeps the statistics on, or -errno. */
    static native int enableRunTimeStats();

    static native int linkCreate(int progFd, int ifindex, int attachType, int flags);

    static native int linkUpdate(int linkFd, int newProgFd);

    static native int linkDetach(int linkFd);

    /** Fills {type, id, progId, ifindex (xdp/tcx, else 0)}. */
    static native int linkInfo(int fd, int[] out);

    /** out: {retval, durationNs, dataSizeOut}. ctx (xdp_md) passed when withCtx. */
    static native int testRun(int progFd, byte[] data, byte[] dataOut, boolean withCtx, int ingressIfindex,
                              int rxQueueIndex, int repeat, int flags, int batchSize, int[] out);

    // ---- namespaces (netns.c) ----
    static native int openNs(String path);

    static native int setNetns(int fd);

    static native int ifNameToIndex(String ifname);
}
