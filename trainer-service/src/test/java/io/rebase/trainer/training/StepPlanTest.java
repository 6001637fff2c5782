package io.rebase.trainer.training;

import io.rebase.contracts.TaskRequestParser;
import io.rebase.student.train.TrainerConfig;
import io.rebase.trainer.plan.TaskPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The planned step count, the optimiser settings (seed from the service's settings) and replay sampling. */
class StepPlanTest {

    private static final StepPlan PLAN = new StepPlan(1.0, true, 7);

    static TaskPlan plan(int maxSteps, int epochs, int batchSize, double heldOut) {
        var request = TaskRequestParser.parse("""
                {"taskId":"t1","instruction":"Classify sentiment.","taskType":"classification","labels":["positive","negative"],
                 "examples":[{"input":{"sentence":"great"},"output":"positive"},{"input":{"sentence":"bad"},"output":"negative"}]}""");
        return new TaskPlan(request, null, "all-minilm-l6-v2", epochs, batchSize, 5e-5, maxSteps, null, heldOut, 100, true);
    }

    @Test
    void aStepBoundIsThePlan() {
        assertThat(PLAN.plannedSteps(plan(40, 3, 8, 0.1), 10_000L, 2)).isEqualTo(40);
    }

    @Test
    void beforeTheRetrievedCountTheScheduleAssumesAThousandSteps() {
        assertThat(PLAN.plannedSteps(plan(0, 1, 8, 0.1), null, 2)).isEqualTo(1000);
    }

    @Test
    void theRetrievedCountPlansTheIncrementalPassWithReplayAndTheFinalPasses() {
        // 1000 rows, 10% held out, + 2 request examples = 902 rows; (902 * 2) / 16 + (2 - 1) * 902 / 16 = 169.125
        assertThat(PLAN.plannedSteps(plan(0, 2, 16, 0.1), 1000L, 2)).isEqualTo(170);
        // a tiny stream still gets room for warm-up and decay
        assertThat(PLAN.plannedSteps(plan(0, 1, 16, 0.1), 3L, 0)).isEqualTo(10);
    }

    @Test
    void theExamplesSlotsStretchThePlanBySoMuchLessStreamPerBatch() {
        // a share of 0.25 leaves 12 of 16 places for the stream: 169.125 * 16 / 12 = 225.5
        assertThat(new StepPlan(1.0, true, 7, 0.25).plannedSteps(plan(0, 2, 16, 0.1), 1000L, 2)).isEqualTo(226);
        assertThat(new StepPlan(1.0, true, 7, 0.25).oversampling().slots(16)).isEqualTo(4);
        assertThatThrownBy(() -> new StepPlan(1.0, true, 7, 0.7)).hasMessageContaining("rebase.trainer.example-share");
    }

    @Test
    void theOptimiserTakesTheSeedAndClassBalanceFromTheSettingsAndWarmsUpOverATenth() {
        TrainerConfig c = PLAN.optimiser(plan(0, 1, 8, 0.1), 150);
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.classBalance()).isTrue();
        assertThat(c.warmupSteps()).isEqualTo(15);
        assertThat(c.plannedTotalSteps()).isEqualTo(150);
        assertThat(c.replayRatio()).isEqualTo(1.0f);
        assertThat(PLAN.optimiser(plan(0, 1, 8, 0.1), 1000).warmupSteps()).isEqualTo(20);
        assertThat(PLAN.baselineOptimiser(plan(0, 1, 8, 0.1), 5).replayRatio()).isZero();
        assertThat(PLAN.baselineOptimiser(plan(0, 1, 8, 0.1), 5).warmupSteps()).isEqualTo(1);
    }

    @Test
    void replayDrawsDistinctIdsInOrderAndAllWhenThePoolIsSmall() {
        List<Long> pool = new ArrayList<>(LongStream.rangeClosed(1, 100).boxed().toList());
        List<Long> drawn = StepPlan.sample(pool, PLAN.replayCount(10), new Random(1));
        assertThat(drawn).hasSize(10).doesNotHaveDuplicates().isSorted().allSatisfy(id -> assertThat(pool).contains(id));
        assertThat(StepPlan.sample(pool, 500, new Random(1))).isEqualTo(pool);
        assertThat(StepPlan.sample(pool, 0, new Random(1))).isEmpty();
        assertThat(StepPlan.sample(List.of(), 5, new Random(1))).isEmpty();
        assertThat(StepPlan.sample(pool, 10, new Random(1))).isEqualTo(StepPlan.sample(pool, 10, new Random(1)));
        assertThat(new StepPlan(0.5, false, 1).replayCount(7)).isEqualTo(4);
    }

    @Test
    void finalPassesReportAsOftenAsAnIncrementalUnit() {
        // a unit is 16 new + 16 replayed examples = 4 steps of 8
        assertThat(PLAN.reportFinalSteps(3, 8, 16)).isFalse();
        assertThat(PLAN.reportFinalSteps(4, 8, 16)).isTrue();
    }
}
