package org.upf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RoundsTest {
    private static final String BASE = "x.redirect.mpps.cpu";

    private static List<Result> round(double base, double ratio) {
        return List.of(Result.of(BASE, base, "Mpps/core"), Result.ratio("x.ratio_to_redirect", ratio, BASE));
    }

    private static Map<String, Result> byName(List<Result> results) {
        return results.stream().collect(Collectors.toMap(Result::name, Function.identity()));
    }

    @Test
    void everyRoundKeepsItsFiguresAndEachRatioItsOwnRoundsBaseline() {
        Map<String, Result> out = byName(Rounds.of(List.of(round(8.0, 0.7), round(7.0, 0.9))));
        assertThat(out.get("x.redirect.mpps.cpu.round_1").value()).isEqualTo(8.0);
        assertThat(out.get("x.redirect.mpps.cpu.round_2").value()).isEqualTo(7.0);
        assertThat(out.get("x.ratio_to_redirect.round_2").value()).isEqualTo(0.9);
        assertThat(out.get("x.ratio_to_redirect.round_2").baseline()).isEqualTo(BASE + ".round_2");
    }

    @Test
    void ratiosGetMedianMinAndMaxOverTheRoundsOtherFiguresDoNot() {
        Map<String, Result> out = byName(Rounds.of(List.of(round(8, 0.9), round(8, 0.7), round(8, 0.75),
                round(8, 0.95), round(8, 0.8))));
        assertThat(out.get("x.ratio_to_redirect.median").value()).isEqualTo(0.8);
        assertThat(out.get("x.ratio_to_redirect.min").value()).isEqualTo(0.7);
        assertThat(out.get("x.ratio_to_redirect.max").value()).isEqualTo(0.95);
        assertThat(out.get("x.ratio_to_redirect.median").baseline()).isEqualTo(BASE);
        assertThat(out.get("x.ratio_to_redirect.median").unit()).isEqualTo("ratio");
        assertThat(out).doesNotContainKeys(BASE + ".median", "x.ratio_to_redirect.round_6");
        assertThat(out).hasSize(5 * 2 + 3);
    }

    @Test
    void anEvenNumberOfRoundsHasTheMeanOfTheMiddleTwoAsMedian() {
        assertThat(Rounds.median(new double[] {0.6, 0.7, 0.9, 1.0})).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void aRatioMissingFromARoundGetsNoMedian() {
        List<Result> second = List.of(Result.of(BASE, 8, "Mpps/core"));
        assertThat(byName(Rounds.of(List.of(round(8, 0.7), second)))).doesNotContainKey("x.ratio_to_redirect.median")
                .containsKey("x.ratio_to_redirect.round_1");
    }
}
