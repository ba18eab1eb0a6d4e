package org.upf.bpf.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Marks a host resource (namespace, bpffs pin root) as owned by a live process: a lock file under
 * /run/upf-test held with an OS file lock for the resource's lifetime. The kernel drops the lock when
 * the owner dies, which is how {@link Leftovers} tells a crashed run's debris from another run's live
 * fixture. The file name is {@code <kind>=<name>.lock}.
 */
final class Lease implements AutoCloseable {
    static final Path DIR = Path.of("/run/upf-test");

    private final Path file;
    private final FileChannel channel;

    private Lease(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static Lease acquire(String kind, String name) {
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(kind + "=" + name + ".lock");
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            ch.lock();
            return new Lease(file, ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take lease on " + kind + " " + name, e);
        }
    }

    /** A lease whose owner is gone: its kind and name, with the lock now held by the caller. */
    record Orphan(String kind, String name, Lease lease) {}

    /** Every lease file whose lock can be taken now, i.e. whose owner process has exited. */
    static List<Orphan> orphans() {
        List<Orphan> found = new ArrayList<>();
        if (!Files.isDirectory(DIR)) {
            return found;
        }
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".lock")).toList()) {
                String base = f.getFileName().toString().replaceFirst("\\.lock$", "");
                int eq = base.indexOf('=');
                FileChannel ch;
                try {
                    ch = FileChannel.open(f, StandardOpenOption.WRITE);
                } catch (NoSuchFileException released) {
                    continue; // its owner closed it while we listed the directory
                }
                FileLock lock = tryLock(ch);
                if (lock == null || eq < 0) {
                    ch.close();
                } else {
                    found.add(new Orphan(base.substring(0, eq), base.substring(eq + 1), new Lease(f, ch)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + DIR, e);
        }
        return found;
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException heldByThisJvm) {
            return null;
        }
    }

    /** Drops the lock but keeps the file, so a later {@link Leftovers#cleanup()} tries again. */
    void release() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release lease " + file, e);
        }
    }

    /** Deletes the lease file, then drops the lock. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release lease " + file, e);
        }
    }
}
