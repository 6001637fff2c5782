package io.rebase.trainer.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stage times from the retriever's latency, example arrival, and the recording times of loss and evaluation points. */
class StageTimesTest {

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void evaluationsAreTheTimeSinceTheRecordBeforeThemAndTrainingTheRest() {
        List<StageTimes.Mark> marks = List.of(
                new StageTimes.Mark(T.plusSeconds(20), false),
                new StageTimes.Mark(T.plusSeconds(25), true),   // 5 s evaluation
                new StageTimes.Mark(T.plusSeconds(40), false),
                new StageTimes.Mark(T.plusSeconds(60), false),
                new StageTimes.Mark(T.plusSeconds(63), true));  // 3 s evaluation
        Map<String, Double> stages = StageTimes.of(1500, T.minusSeconds(5), T.plusSeconds(50), T.plusSeconds(10),
                T.plusSeconds(70), marks);
        assertThat(stages).containsExactly(Map.entry("retrieve", 1.5), Map.entry("transform", 55.0),
                Map.entry("train", 45.0), Map.entry("evaluate", 8.0), Map.entry("finalise", 7.0));
    }

    @Test
    void aTaskThatHasNotTrainedHasOnlyItsUpstreamStages() {
        assertThat(StageTimes.of(null, T, T.plusSeconds(2), null, null, List.of()))
                .containsExactly(Map.entry("transform", 2.0));
    }

    @Test
    void aTaskStillTrainingHasNoEvaluationOrFinaliseStage() {
        Map<String, Double> stages = StageTimes.of(null, null, null, T, null,
                List.of(new StageTimes.Mark(T.plusSeconds(4), false), new StageTimes.Mark(null, false)));
        assertThat(stages).containsExactly(Map.entry("train", 4.0));
    }
}
