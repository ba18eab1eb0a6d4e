package org.upf.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of several rounds of the same benchmarks ({@code BenchReport --rounds}, {@code DATAPLANE_ROUNDS} of
 * {@code scripts/bench.sh}): every figure of round r (1-based) as {@code <name>.round_<r>}, each ratio computed
 * against the baseline of its own round, and for every ratio measured in all rounds its {@code .median}, {@code .min}
 * and {@code .max} over the rounds. A ratio whose baseline is measured minutes apart moves with the host; baselines
 * interleaved with the measured figures and a median over rounds take most of that out (docs/performance.md).
 */
public final class Rounds {
    private Rounds() {}

    /** rounds: each round's figures, in the order the rounds ran. */
    public static List<Result> of(List<List<Result>> rounds) {
        List<Result> out = new ArrayList<>();
        Map<String, double[]> ratios = new LinkedHashMap<>();
        Map<String, String> baselines = new LinkedHashMap<>();
        for (int r = 0; r < rounds.size(); r++) {
            for (Result f : rounds.get(r)) {
                out.add(new Result(f.name() + ".round_" + (r + 1), f.value(), f.unit(), f.error(),
                        f.baseline() == null ? null : f.baseline() + ".round_" + (r + 1)));
                if (f.baseline() != null) {
                    ratios.computeIfAbsent(f.name(), n -> nans(rounds.size()))[r] = f.value();
                    baselines.put(f.name(), f.baseline());
                }
            }
        }
        ratios.forEach((name, values) -> {
            if (Arrays.stream(values).allMatch(Double::isFinite)) {
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                out.add(Result.ratio(name + ".median", median(sorted), baselines.get(name)));
                out.add(Result.ratio(name + ".min", sorted[0], baselines.get(name)));
                out.add(Result.ratio(name + ".max", sorted[sorted.length - 1], baselines.get(name)));
            }
        });
        return out;
    }

    /** The middle value of sorted, or the mean of the two middle ones. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
