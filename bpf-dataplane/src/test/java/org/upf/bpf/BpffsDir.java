package org.upf.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** A test's own bpffs directory, /sys/fs/bpf/upf-test-RANDOM, removed with everything pinned in it. */
final class BpffsDir implements AutoCloseable {
    final Path path;

    BpffsDir() {
        path = Path.of("/sys/fs/bpf/upf-test-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
