package org.upf.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BPF ELF object (clang -target bpf output): open it, size its maps, load it into the kernel, then use its
 * maps and programs. Closing the object unloads whatever no pin or link still holds.
 *
 * <p>Pinning: maps declared with {@code __uint(pinning, LIBBPF_PIN_BY_NAME)} are pinned at
 * {@code pinRoot/<map name>} on {@link #load(Path)}; a map already pinned there is reused with its contents if
 * its type, key size, value size, max entries and flags match, and refused with a message otherwise (a changed
 * layout gets a new {@code _v<N>} name instead). This binding does the reuse itself rather than through libbpf
 * 1.1, which refuses to reuse pinned DEVMAPs because the kernel adds BPF_F_RDONLY_PROG to their flags.
 *
 * <p>Open, configure and load from one thread; after load, its maps and programs may be used from any thread
 * (each operation is one syscall) until {@link #close()}.
 */
public final class BpfObject implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BpfObject.class.getName());
    /** BPF_F_RDONLY_PROG: set by the kernel on every DEVMAP/DEVMAP_HASH, never by the object. */
    private static final int RDONLY_PROG = 1 << 7;

    private final String name;
    private long handle;
    private boolean loaded;
    private final Map<String, BpfMap> maps = new LinkedHashMap<>();
    private final Map<String, BpfProgram> programs = new LinkedHashMap<>();
    /** The maps {@link #load} took over from pins rather than created. */
    private final java.util.Set<String> reused = new java.util.HashSet<>();

    private BpfObject(String name, long handle) {
        this.name = name;
        this.handle = handle;
    }

    /**
     * Opens (parses, does not load) an object from its ELF bytes; name is used in messages and as obj name. Its
     * {@code __kconfig} externs get the running kernel's values ({@link KernelConfig#system()}).
     */
    public static BpfObject open(String name, byte[] elf) {
        return open(name, elf, KernelConfig.system());
    }

    /** {@link #open(String, byte[])} with the kernel configuration kernel instead of the running kernel's. */
    public static BpfObject open(String name, byte[] elf, KernelConfig kernel) {
        LibbpfLog.startCapture();
        long handle = Native.objectOpen(name, elf, kernel.libbpfText());
        String captured = LibbpfLog.stopCapture();
        if (handle < 0) {
            throw new BpfException((int) -handle, "cannot open BPF object " + name + detail(captured));
        }
        return new BpfObject(name, handle);
    }

    /** Opens an object from a classpath resource, e.g. {@code "/bpf/upf_xdp.bpf.o"}. */
    public static BpfObject openResource(String classpathResource) {
        return openResource(classpathResource, KernelConfig.system());
    }

    /** {@link #openResource(String)} with the kernel configuration kernel. */
    public static BpfObject openResource(String classpathResource, KernelConfig kernel) {
        try (InputStream in = BpfObject.class.getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + classpathResource);
            }
            String file = classpathResource.substring(classpathResource.lastIndexOf('/') + 1);
            return open(file.replaceFirst("(\\.bpf)?\\.o$", ""), in.readAllBytes(), kernel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classpathResource, e);
        }
    }

    public String name() {
        return name;
    }

    public List<String> mapNames() {
        return List.of(Native.objectMapNames(handle()));
    }

    public List<String> programNames() {
        return List.of(Native.objectProgramNames(handle()));
    }

    /** Sets a map's capacity before {@link #load}; sizes belong to configuration, not to the C source. */
    public void setMaxEntries(String mapName, int maxEntries) {
        requireNotLoaded("set max entries");
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("map " + mapName + ": max entries must be positive, got " + maxEntries);
        }
        BpfException.check(Native.mapSetMaxEntries(mapHandle(mapName), maxEntries),
                "cannot set max entries of map " + mapName);
    }

    /**
     * Sets the load-time contents of a global data map before {@link #load}: the object's ".rodata" (its
     * {@code const volatile} configuration), ".data" or ".bss", named as {@link #mapNames()} lists them
     * (libbpf prefixes the object name, e.g. "upf_xdp.rodata"). Variable offsets:
     * {@code structLayout(".rodata")}.
     */
    public void setInitialValue(String mapName, byte[] value) {
        requireNotLoaded("set initial value");
        BpfException.check(Native.mapSetInitialValue(mapHandle(mapName), value),
                "cannot set initial value of map " + mapName + " (" + value.length + " bytes; only global data"
                        + " maps, with exactly their size)");
    }

    /**
     * Loads maps and programs into the kernel. pinRoot null: nothing is pinned. Otherwise pinned maps are
     * reused from or pinned into pinRoot (created if needed). A program the verifier rejects raises a
     * {@link BpfException} with the verifier log.
     */
    public void load(Path pinRoot) {
        requireNotLoaded("load");
        List<String> toPin = new ArrayList<>();
        for (String mapName : mapNames()) {
            long map = mapHandle(mapName);
            if (Native.mapPinPath(map) == null) {
                continue;
            }
            // libbpf pins by name under /sys/fs/bpf by default; the pin root is ours to choose.
            BpfException.check(Native.mapSetPinPath(map, null), "cannot clear pin path of map " + mapName);
            if (pinRoot != null && !reusePinned(mapName, map, pinRoot.resolve(mapName))) {
                toPin.add(mapName);
            } else if (pinRoot != null) {
                reused.add(mapName);
            }
        }
        LibbpfLog.startCapture();
        int ret = Native.objectLoad(handle());
        String captured = LibbpfLog.stopCapture();
        if (ret < 0) {
            String log = LibbpfLog.verifierLog(captured);
            throw new BpfException(-ret, "cannot load BPF object " + name + (log.isEmpty() ? detail(captured) : ""),
                    log);
        }
        loaded = true;
        for (String mapName : mapNames()) {
            maps.put(mapName, BpfMap.fromFd(Native.mapFd(mapHandle(mapName)), false, mapName));
        }
        for (String progName : programNames()) {
            long prog = Native.objectProgram(handle(), progName);
            programs.put(progName, new BpfProgram(progName, Native.programFd(prog)));
        }
        pinNew(toPin, pinRoot);
    }

    /** Whether {@link #load} took mapName over from a pin (so it may hold an earlier run's entries). */
    public boolean reusedPinned(String mapName) {
        return reused.contains(mapName);
    }

    /** Makes the map use a compatible pinned map at path; false if nothing is pinned there. */
    private boolean reusePinned(String mapName, long map, Path path) {
        if (!Files.exists(path)) {
            return false;
        }
        try (BpfMap pinned = BpfMap.openPinned(path)) {
            int[] def = new int[5];
            Native.mapDefinition(map, def);
            BpfMapType type = BpfMapType.of(def[0]);
            int ignoredFlags = type.isDevMap() ? RDONLY_PROG : 0;
            boolean same = pinned.type() == type && pinned.keySize() == def[1] && pinned.valueSize() == def[2]
                    && pinned.maxEntries() == def[3] && (pinned.flags() & ~ignoredFlags) == (def[4] & ~ignoredFlags);
            if (!same) {
                throw new BpfException(Errno.EINVAL, "object " + name + ": map pinned at " + path + " (" + pinned
                        + ", flags " + pinned.flags() + ") does not match the object's " + type + " key " + def[1]
                        + " value " + def[2] + " max " + def[3] + " flags " + def[4]
                        + "; a layout change needs a new _v<N> map name, a size change a migration");
            }
            BpfException.check(Native.mapReuseFd(map, pinned.fd()), "cannot reuse pinned map " + path);
            LOG.log(System.Logger.Level.DEBUG, "object {0}: reusing map {1} pinned at {2}", name, mapName, path);
            return true;
        }
    }

    /** Pins the maps this load created; on failure removes the pins it made, so a retry starts clean. */
    private void pinNew(List<String> toPin, Path pinRoot) {
        if (toPin.isEmpty()) {
            return;
        }
        List<Path> pinned = new ArrayList<>();
        try {
            Files.createDirectories(pinRoot);
            for (String mapName : toPin) {
                Path path = pinRoot.resolve(mapName);
                BpfException.check(Native.mapPin(mapHandle(mapName), path.toString()),
                        "object " + name + ": cannot pin map " + mapName + " at " + path);
                pinned.add(path);
            }
        } catch (IOException | RuntimeException e) {
            for (Path path : pinned) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot create pin directory " + pinRoot, io);
            }
            throw (RuntimeException) e;
        }
    }

    public BpfMap map(String mapName) {
        requireLoaded();
        BpfMap map = maps.get(mapName);
        if (map == null) {
            throw new IllegalArgumentException("object " + name + " has no map " + mapName + "; maps: " + maps.keySet());
        }
        return map;
    }

    public BpfProgram program(String programName) {
        requireLoaded();
        BpfProgram prog = programs.get(programName);
        if (prog == null) {
            throw new IllegalArgumentException("object " + name + " has no program " + programName + "; programs: "
                    + programs.keySet());
        }
        return prog;
    }

    /**
     * A struct's layout from the object's BTF (available right after open). A data section name (".rodata",
     * ".data", ".bss") gives its global variables as members instead.
     */
    public StructLayout structLayout(String structName) {
        Object[] raw = Native.structLayout(handle(), structName);
        if (raw == null) {
            throw new IllegalArgumentException("object " + name + " has no struct " + structName + " in its BTF");
        }
        int[] nums = (int[]) raw[0];
        String[] names = (String[]) raw[1];
        List<StructLayout.Member> members = new ArrayList<>();
        for (int i = 1; i < names.length; i++) {
            members.add(new StructLayout.Member(names[i], nums[2 * i], nums[2 * i + 1]));
        }
        return new StructLayout(structName, nums[1], members);
    }

    /** Unloads the object; pinned maps and pinned links keep what they reference alive. */
    @Override
    public void close() {
        if (handle != 0) {
            maps.values().forEach(BpfMap::invalidate);
            Native.objectClose(handle);
            handle = 0;
        }
    }

    private long handle() {
        if (handle == 0) {
            throw new IllegalStateException("BPF object " + name + " is closed");
        }
        return handle;
    }

    private long mapHandle(String mapName) {
        long map = Native.objectMap(handle(), mapName);
        if (map == 0) {
            throw new IllegalArgumentException("object " + name + " has no map " + mapName + "; maps: " + mapNames());
        }
        return map;
    }

    private void requireNotLoaded(String what) {
        if (loaded) {
            throw new IllegalStateException("cannot " + what + ": BPF object " + name + " is already loaded");
        }
    }

    private void requireLoaded() {
        handle();
        if (!loaded) {
            throw new IllegalStateException("BPF object " + name + " is not loaded yet");
        }
    }

    private static String detail(String captured) {
        String text = captured.strip();
        return text.isEmpty() ? "" : " (libbpf: " + text + ")";
    }
}
