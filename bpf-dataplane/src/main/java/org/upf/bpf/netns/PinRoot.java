package org.upf.bpf.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private directory on bpffs, {@code /sys/fs/bpf/upf-test-<rand>/}, for the pins a test makes;
 * {@link #close()} unlinks every pin in it and removes it.
 */
public final class PinRoot extends LeasedResource {
    static final Path BPFFS = Path.of("/sys/fs/bpf");

    private final Path path;

    private PinRoot(Path path, Lease lease) {
        super(lease);
        this.path = path;
    }

    public static PinRoot create() {
        String name = "upf-test-" + Names.random();
        Lease lease = Lease.acquire("bpffs", name);
        Path path = BPFFS.resolve(name);
        try {
            Files.createDirectory(path);
        } catch (IOException e) {
            lease.close();
            throw new UncheckedIOException("cannot create pin root " + path + " (is bpffs mounted?)", e);
        }
        return new PinRoot(path, lease);
    }

    public Path path() {
        return path;
    }

    @Override
    void remove() {
        deleteTree(path);
    }

    /** Unlinks pins (deepest first) and directories below and including {@code dir}. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove pins under " + dir, e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
