package io.rebase.trainer.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Axis ranges and ticks: round ends, distinct labels for one point or a flat line, whole steps for counts. */
class AxisTest {

    @Test
    void aSingleScoreGetsARangeAroundItWithDistinctLabels() {
        Axis a = Axis.covering(0.863, 0.863, false);
        assertThat(a.lo()).isLessThan(0.863);
        assertThat(a.hi()).isGreaterThan(0.863);
        assertThat(a.ticks().stream().map(a::label).distinct().count()).isEqualTo(a.ticks().size()).isGreaterThanOrEqualTo(3);
        assertThat(a.ticks().stream().map(a::label)).allMatch(l -> l.matches("0\\.\\d\\d"));
    }

    @Test
    void aSingleStepGetsWholeDistinctTicks() {
        Axis a = Axis.covering(83, 83, true);
        assertThat(a.ticks().stream().map(a::label)).containsExactly("82", "83", "84");
        assertThat(a.fraction(83)).isEqualTo(0.5);
    }

    @Test
    void aFewStepsGetAMarginSoThatNoPointSitsOnAnAxis() {
        Axis a = Axis.covering(7, 8, true);
        assertThat(a.ticks().stream().map(a::label)).containsExactly("6", "7", "8", "9");
        Axis first = Axis.covering(0, 1, true);
        assertThat(first.lo()).isZero();
    }

    @Test
    void longRangesGetRoundTicksWithoutDecimals() {
        Axis a = Axis.covering(1, 1200, true);
        assertThat(a.ticks().stream().map(a::label)).containsExactly("0", "200", "400", "600", "800", "1000", "1200");
        Axis small = Axis.covering(1, 7, true);
        assertThat(small.step()).isEqualTo(1.0);
        assertThat(small.ticks().stream().map(small::label)).allMatch(l -> l.matches("\\d+"));
    }

    @Test
    void scoreRangesGetAsManyDecimalsAsTheirStep() {
        Axis a = Axis.covering(0.41, 0.74, false);
        assertThat(a.step()).isEqualTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(a.ticks().stream().map(a::label))
                .containsExactly("0.40", "0.45", "0.50", "0.55", "0.60", "0.65", "0.70", "0.75");
        Axis loss = Axis.covering(0.2, 1.6, false);
        assertThat(loss.ticks().stream().map(loss::label)).containsExactly("0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4", "1.6");
    }

    @Test
    void aFlatLineAtZeroStillHasARange() {
        Axis a = Axis.covering(0, 0, false);
        assertThat(a.hi()).isGreaterThan(a.lo());
        assertThat(a.ticks().stream().map(a::label)).contains("0.000").doesNotHaveDuplicates();
    }

    @Test
    void anInfiniteRangeIsRefused() {
        assertThatThrownBy(() -> Axis.covering(0, Double.POSITIVE_INFINITY, false)).hasMessageContaining("finite");
    }
}
