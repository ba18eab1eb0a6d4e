package org.upf.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * Appends figures to {@code results.jsonl}, one JSON object per line:
 * {@code {"name":..,"value":..,"unit":..,["error":..,]["baseline":..,]"cores":..,"time":..}}. Every benchmark
 * of the project (JMH through {@link BenchReport}, or anything measured elsewhere) writes through this class,
 * so the file keeps one shape; lines of one run share {@code time}, and runs accumulate.
 */
public final class ResultsWriter {
    /** Where {@code make bench} collects figures, relative to the repository root. */
    public static final Path DEFAULT_FILE = Path.of("target", "bench", "results.jsonl");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final int cores;
    private final Instant time;

    public ResultsWriter(Path file, int cores, Instant time) {
        this.file = file;
        this.cores = cores;
        this.time = time;
    }

    /** A writer for this machine ({@code availableProcessors()} cores, which is what nproc reports) and now. */
    public static ResultsWriter forThisMachine(Path file) {
        return new ResultsWriter(file, Runtime.getRuntime().availableProcessors(), Instant.now());
    }

    public int cores() {
        return cores;
    }

    /** Appends the results (creating the file and its directory if needed). */
    public void append(List<Result> results) {
        StringBuilder lines = new StringBuilder();
        for (Result r : results) {
            lines.append(line(r)).append('\n');
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append results to " + file, e);
        }
    }

    String line(Result r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", r.name());
        o.put("value", r.value());
        o.put("unit", r.unit());
        if (r.hasError()) {
            o.put("error", r.error());
        }
        if (r.baseline() != null) {
            o.put("baseline", r.baseline());
        }
        o.put("cores", cores);
        o.put("time", time.toString());
        return o.toString();
    }
}
