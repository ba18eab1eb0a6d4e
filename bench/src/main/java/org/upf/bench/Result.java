package org.upf.bench;

import java.util.Objects;

/**
 * One measured figure, as one line of {@code results.jsonl}: a dotted name ({@code bpf.map.hash.lookup.single}),
 * its value and unit, the 99.9% confidence half-width when the harness gave one (NaN otherwise) and, for a
 * ratio, the name of the figure it is relative to.
 */
public record Result(String name, double value, String unit, double error, String baseline) {
    public Result {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": value must be finite, got " + value);
        }
    }

    /** A plain figure without error estimate. */
    public static Result of(String name, double value, String unit) {
        return new Result(name, value, unit, Double.NaN, null);
    }

    /** A ratio value = this / baseline, where baseline names another figure of the same run. */
    public static Result ratio(String name, double value, String baseline) {
        return new Result(name, value, "ratio", Double.NaN, Objects.requireNonNull(baseline, "baseline"));
    }

    public boolean hasError() {
        return Double.isFinite(error);
    }
}
