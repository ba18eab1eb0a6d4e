package org.upf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JmhFiguresTest {
    private static JmhFigures figures;
    private static Map<String, Result> byName;

    @BeforeAll
    static void read() throws Exception {
        figures = JmhFigures.read(resource("/jmh-sample.json"));
        byName = figures.results().stream().collect(Collectors.toMap(Result::name, Function.identity()));
    }

    @Test
    void primaryScoreIsScaledWithItsErrorAndParametersFillTheName() {
        Result rate = byName.get("sample.veth.rate");
        assertThat(rate.value()).isCloseTo(2.5, within(1e-9));
        assertThat(rate.unit()).isEqualTo("Mpps");
        assertThat(rate.error()).isCloseTo(0.1, within(1e-9));
        assertThat(rate.baseline()).isNull();
    }

    @Test
    void secondaryMetricsAreFoundWithOrWithoutJmhsProfilerPrefix() {
        assertThat(byName.get("sample.veth.alloc").value()).isEqualTo(48.0);
        assertThat(byName.get("sample.veth.alloc").hasError()).isFalse();
    }

    @Test
    void aSlashMetricIsTheRatioOfTwoSecondaryMetrics() {
        assertThat(byName.get("sample.veth.kernel").value()).isEqualTo(3.0);
    }

    @Test
    void aBaselineFigureIsDividedByTheBaselineOfTheSameRun() {
        Result ratio = byName.get("sample.veth.rate.ratio_to_base");
        assertThat(ratio.value()).isEqualTo(0.25);
        assertThat(ratio.baseline()).isEqualTo("sample.base");
        assertThat(ratio.unit()).isEqualTo("ratio");
    }

    @Test
    void aMissingMetricIsAWarningAndNoFigure() {
        assertThat(byName).doesNotContainKey("sample.needs_gc");
        assertThat(figures.warnings()).singleElement().asString().contains("sample.needs_gc", "-prof gc");
    }

    @Test
    void anUnannotatedBenchmarkIsKeptUnderItsJmhName() {
        Result r = byName.get("jmh.SampleBench.unannotated.64");
        assertThat(r.value()).isEqualTo(7.0);
        assertThat(r.unit()).isEqualTo("ns/op");
        assertThat(figures.notes()).singleElement().asString().contains("SampleBench.unannotated");
    }

    @Test
    void everyOtherFigureIsThere() {
        assertThat(figures.results()).extracting(Result::name).containsExactlyInAnyOrderElementsOf(List.of(
                "sample.veth.rate", "sample.veth.alloc", "sample.veth.kernel", "sample.veth.rate.ratio_to_base",
                "sample.base", "jmh.SampleBench.unannotated.64"));
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(JmhFiguresTest.class.getResource(name).toURI());
    }
}
