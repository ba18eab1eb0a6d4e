package org.upf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JMH's JSON output ({@code -rf json}) into {@link Result}s, as the {@link Figure} annotations on the
 * benchmark methods say. A benchmark without {@code @Figure} is still reported, as {@code jmh.<Class>.<method>}
 * in JMH's own unit, so nothing measured disappears silently. Problems (a metric missing because the run lacked
 * {@code -prof gc}, an unknown baseline) become warnings, and the figure is left out.
 */
public final class JmhFigures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Result> results = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<PendingRatio> ratios = new ArrayList<>();

    private record PendingRatio(String name, double value, String unit, String baseline) {}

    private JmhFigures() {}

    public static JmhFigures read(Path jmhJson) throws IOException {
        return from(JSON.readTree(jmhJson.toFile()));
    }

    static JmhFigures from(JsonNode runs) {
        JmhFigures f = new JmhFigures();
        for (JsonNode run : runs) {
            f.add(run);
        }
        f.resolveRatios();
        return f;
    }

    public List<Result> results() {
        return List.copyOf(results);
    }

    /** Declared figures that could not be computed. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Things worth knowing that are not errors. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    private void add(JsonNode run) {
        String benchmark = run.path("benchmark").asText();
        Map<String, String> params = params(run.path("params"));
        Figure[] figures = figures(benchmark);
        if (figures.length == 0) {
            JsonNode primary = run.path("primaryMetric");
            results.add(new Result(fallbackName(benchmark, params), primary.path("score").asDouble(),
                    primary.path("scoreUnit").asText(), primary.path("scoreError").asDouble(Double.NaN), null));
            notes.add(benchmark + " has no @Figure; reported under its JMH name");
            return;
        }
        for (Figure figure : figures) {
            String name = substitute(figure.name(), params);
            Double value = metric(run, figure.metric());
            if (value == null) {
                warnings.add(name + ": JMH output of " + benchmark + " has no metric '" + figure.metric()
                        + "' (gc figures need -prof gc)");
                continue;
            }
            double scaled = value * figure.scale();
            if (!figure.baseline().isEmpty()) {
                ratios.add(new PendingRatio(name, scaled, figure.unit(), substitute(figure.baseline(), params)));
            } else {
                double error = figure.metric().isEmpty()
                        ? run.path("primaryMetric").path("scoreError").asDouble(Double.NaN) * figure.scale()
                        : Double.NaN;
                results.add(new Result(name, scaled, figure.unit(), error, null));
            }
        }
    }

    /** Ratios last, so a baseline may come from any benchmark of the run. */
    private void resolveRatios() {
        Map<String, Result> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.put(r.name(), r));
        for (PendingRatio p : ratios) {
            Result base = byName.get(p.baseline());
            if (base == null || base.value() == 0) {
                warnings.add(p.name() + ": baseline " + p.baseline() + " was not measured in this run");
                continue;
            }
            results.add(new Result(p.name(), p.value() / base.value(), p.unit(), Double.NaN, p.baseline()));
        }
    }

    /** The metric's score: "" primary, "x" secondary x (JMH prefixes profiler metrics with '·'), "a/b" ratio. */
    private static Double metric(JsonNode run, String metric) {
        if (metric.isEmpty()) {
            return run.path("primaryMetric").path("score").asDouble();
        }
        int slash = metric.indexOf('/');
        if (slash > 0) {
            Double a = metric(run, metric.substring(0, slash));
            Double b = metric(run, metric.substring(slash + 1));
            return a == null || b == null || b == 0 ? null : a / b;
        }
        JsonNode secondary = run.path("secondaryMetrics");
        for (String key : new String[] {metric, "\u00b7" + metric}) {
            JsonNode m = secondary.get(key);
            if (m != null) {
                return m.path("score").asDouble();
            }
        }
        return null;
    }

    private static Map<String, String> params(JsonNode node) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        return params;
    }

    private static String substitute(String template, Map<String, String> params) {
        String out = template;
        for (Map.Entry<String, String> p : params.entrySet()) {
            out = out.replace("{" + p.getKey() + "}", p.getValue());
        }
        if (out.contains("{")) {
            throw new IllegalArgumentException("figure name " + template + " uses a parameter the run lacks: "
                    + params.keySet());
        }
        return out;
    }

    private static Figure[] figures(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        String className = benchmark.substring(0, dot);
        String methodName = benchmark.substring(dot + 1);
        try {
            for (Method m : Class.forName(className).getMethods()) {
                if (m.getName().equals(methodName)) {
                    return m.getAnnotationsByType(Figure.class);
                }
            }
            return new Figure[0];
        } catch (ClassNotFoundException e) {
            return new Figure[0];
        }
    }

    private static String fallbackName(String benchmark, Map<String, String> params) {
        String[] parts = benchmark.split("\\.");
        StringBuilder name = new StringBuilder("jmh.").append(parts[parts.length - 2]).append('.')
                .append(parts[parts.length - 1]);
        params.values().forEach(v -> name.append('.').append(v));
        return name.toString();
    }
}
