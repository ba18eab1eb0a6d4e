package org.upf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code make bench}'s last step: reads JMH JSON result files, appends their figures to {@code results.jsonl}
 * and prints them as a table.
 *
 * <p>Usage: {@code BenchReport [--results FILE] [--rounds] JMH.json...} (default results file
 * {@link ResultsWriter#DEFAULT_FILE}). With {@code --rounds} each file is one round of the same benchmarks, reported
 * by {@link Rounds}. Exits 1 when a figure declared by a {@link Figure} could not be computed, so an incomplete run
 * is noticed.
 */
public final class BenchReport {
    private BenchReport() {}

    public static void main(String[] args) throws IOException {
        Path resultsFile = ResultsWriter.DEFAULT_FILE;
        List<Path> inputs = new ArrayList<>();
        boolean rounds = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--results") && i + 1 < args.length) {
                resultsFile = Path.of(args[++i]);
            } else if (args[i].equals("--rounds")) {
                rounds = true;
            } else {
                inputs.add(Path.of(args[i]));
            }
        }
        if (inputs.isEmpty()) {
            System.err.println("usage: BenchReport [--results FILE] [--rounds] JMH.json...");
            System.exit(2);
        }
        List<List<Result>> perInput = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path input : inputs) {
            JmhFigures figures = JmhFigures.read(input);
            perInput.add(figures.results());
            warnings.addAll(figures.warnings());
            notes.addAll(figures.notes());
        }
        List<Result> results = new ArrayList<>(rounds ? Rounds.of(perInput)
                : perInput.stream().flatMap(List::stream).toList());
        results.add(loadAverage());
        results.sort(Comparator.comparing(Result::name));
        ResultsWriter writer = ResultsWriter.forThisMachine(resultsFile);
        writer.append(results);
        ResultsTable.print(results, writer.cores(), System.out);
        System.out.println("appended " + results.size() + " figures to " + resultsFile);
        notes.forEach(n -> System.err.println("note: " + n));
        warnings.forEach(w -> System.err.println("warning: " + w));
        if (!warnings.isEmpty()) {
            System.exit(1);
        }
    }

    /**
     * The host's 1-minute load average at the end of the run: on a machine shared with builds the wall-clock
     * figures shrink with it, so each run records how busy the host was.
     */
    private static Result loadAverage() throws IOException {
        String first = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        return Result.of("host.loadavg_1m", Double.parseDouble(first), "tasks");
    }
}
