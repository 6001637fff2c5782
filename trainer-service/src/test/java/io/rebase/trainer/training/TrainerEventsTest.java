package io.rebase.trainer.training;

import io.rebase.commons.events.TaskEvents;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.train.StepStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Each trainer event carries the documented details in order, with the trainer as its source. */
class TrainerEventsTest {

    private final List<TaskEvent> sent = new ArrayList<>();

    private final TrainerEvents events = new TrainerEvents(new TaskEvents(event -> {
        sent.add(event);
        return CompletableFuture.completedFuture(null);
    }, "trainer-service"));

    private static List<StepStats> steps(int first, int last) {
        List<StepStats> out = new ArrayList<>();
        for (int s = first; s <= last; s++) {
            out.add(new StepStats(s, 0.5f + s / 100f, 4e-5f, 8, 64, 10));
        }
        return out;
    }

    @Test
    void progressCarriesTheUnitsCountsAndTheStepAsCount() {
        TaskSession.Unit unit = new TaskSession.Unit(steps(5, 8), 32, 2.0, 14, 2, 14, 1);
        events.progress("t", new Position(8, 40, 30), unit);
        TaskEvent e = sent.get(0);
        assertThat(e.type()).isEqualTo(TaskEventType.TRAINING_PROGRESS);
        assertThat(e.source()).isEqualTo("trainer-service");
        assertThat(e.count()).isEqualTo(8);
        assertThat(e.details()).containsOnlyKeys("steps", "loss", "examplesSeen", "examplesPerSecond", "learningRate",
                "newExamples", "heldOut", "replayed", "unusable");
        assertThat(new ArrayList<>(e.details().keySet())).startsWith("steps", "loss", "examplesSeen");
        assertThat(e.details()).containsEntry("examplesPerSecond", 16.0).containsEntry("examplesSeen", 30L)
                .containsEntry("newExamples", 14).containsEntry("heldOut", 2);
    }

    @Test
    void finalPassProgressNamesTheEpoch() {
        events.finalPassProgress("t", new Position(12, 40, 30), new TaskSession.FinalSteps(steps(9, 12), 1, 2, 1.0));
        TaskEvent e = sent.get(0);
        assertThat(e.details()).containsEntry("epoch", 2).containsEntry("epochs", 2).containsEntry("steps", 12);
        assertThat(e.message()).startsWith("final pass 2/2: step 12");
    }

    @Test
    void evaluatedSaysOnWhatAndTheBestSoFar() {
        EvalReport report = new EvalReport(Map.of("accuracy", 0.75, "macro_f1", 0.7), 40, 100, List.of());
        events.evaluated("t", 8, "accuracy", 0.75, report, false, 0.75);
        TaskEvent e = sent.get(0);
        assertThat(e.type()).isEqualTo(TaskEventType.EVALUATED);
        assertThat(e.details()).containsEntry("evalSet", "held-out").containsEntry("evalExamples", 40)
                .containsEntry("best", 0.75).containsEntry("step", 8);
    }

    @Test
    void completedCountsEveryRowOutcome() {
        TaskEvent e = events.completed("t", new TrainerEvents.Completion("/m", "/r.json", Map.of("accuracy", 0.8), Map.of(), Map.of(), 8,
                new Position(12, 40, 30), "idle-timeout", null, new RowCounts(34, 2, 1, 37, 1), Map.of(), null, List.of()));
        assertThat(sent).as("COMPLETED goes through the outbox, not straight to the broker").isEmpty();
        assertThat(e.type()).isEqualTo(TaskEventType.COMPLETED);
        assertThat(e.message()).isEqualTo("trained 12 steps on 30 examples (idle-timeout)");
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) e.details().get("counts");
        assertThat(counts).containsEntry("retrieved", null).containsEntry("examples", 34L).containsEntry("examplesTrained", 30L)
                .containsEntry("rejected", 2L).containsEntry("deadLettered", 1L).containsEntry("duplicates", 1L);
        assertThat(e.details()).containsEntry("bestStep", 8).containsEntry("reason", "idle-timeout");
    }

    @Test
    void completedSaysWhichModelIsServedWithTheCollapseNoteAndTheWarnings() {
        Map<String, Object> served = Map.of("served", "few-shot", "rebase", false, "scores", Map.of("few-shot", 0.9, "rebase", 0.5));
        TaskEvent e = events.completed("t", new TrainerEvents.Completion("/few-shot", "/r.json", Map.of(), Map.of(), Map.of("accuracy", 0.9),
                null, new Position(80, 40, 0), "all-rows-accounted", 600L, new RowCounts(0, 600, 0, 600, 0), served,
                Map.of("label", "yes", "share", 0.95), List.of("no-usable-rows")));
        assertThat(e.message()).isEqualTo("trained 80 steps on 0 examples (all-rows-accounted), serving the few-shot student");
        assertThat(e.details()).containsEntry("served", served).containsEntry("collapse", Map.of("label", "yes", "share", 0.95))
                .containsEntry("warnings", List.of("no-usable-rows"));
    }

    @Test
    void aWarningCarriesItsCodeMessageAndAdvice() {
        TaskEvent e = events.warning("t", new io.rebase.trainer.fit.FitWarning("no-usable-rows", "None of the 600 retrieved rows ...",
                List.of("an LLM transform mode"), Map.of("retrieved", 600L)));
        assertThat(e.type()).isEqualTo(TaskEventType.WARNING);
        assertThat(e.reason()).isEqualTo("no-usable-rows");
        assertThat(e.message()).startsWith("None of the 600");
        assertThat(e.details()).containsEntry("advice", List.of("an LLM transform mode")).containsEntry("retrieved", 600L);
        assertThat(sent).isEmpty();
    }

    @Test
    void failedNamesTheFieldOnce() {
        TaskEvent e = events.failed("t", "evaluation.evalSetPath", "evaluation.evalSetPath: path leaves the evaluation root");
        assertThat(e.field()).isEqualTo("evaluation.evalSetPath");
        assertThat(e.reason()).isEqualTo("path leaves the evaluation root");
        assertThat(e.message()).isEqualTo("evaluation.evalSetPath: path leaves the evaluation root");
        assertThat(sent).isEmpty();
    }

    @Test
    void recognisesItsOwnEvents() {
        assertThat(events.isOwn(TaskEvent.failed("t", "trainer-service", null, "x"))).isTrue();
        assertThat(events.isOwn(TaskEvent.failed("t", "transformer-service", null, "x"))).isFalse();
    }
}
