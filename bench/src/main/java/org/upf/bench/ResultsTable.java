package org.upf.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints figures as an aligned, human-readable table (the {@code make bench} output). */
public final class ResultsTable {
    private ResultsTable() {}

    public static void print(List<Result> results, int cores, PrintStream out) {
        int width = results.stream().mapToInt(r -> r.name().length()).max().orElse(10);
        String row = "%-" + width + "s  %14s  %-10s  %-12s  %s%n";
        out.printf(Locale.ROOT, "Benchmark figures (%d cores; error = 99.9%% confidence half-width)%n", cores);
        out.printf(Locale.ROOT, row, "figure", "value", "unit", "error", "baseline");
        for (Result r : results) {
            out.printf(Locale.ROOT, row, r.name(), format(r.value()), r.unit(),
                    r.hasError() ? "\u00b1" + format(r.error()) : "",
                    r.baseline() == null ? "" : r.baseline());
        }
    }

    /** Thousands grouped for big values, three significant digits for small ones. */
    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1 || a == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
