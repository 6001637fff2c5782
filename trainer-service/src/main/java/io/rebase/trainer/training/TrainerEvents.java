package io.rebase.trainer.training;

import io.rebase.commons.events.TaskEvents;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.student.eval.EvalReport;
import io.rebase.trainer.fit.FitWarning;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer's task events, one method per event: each builds its details; the shared {@link TaskEvents} stamps the trainer as the source.
 * Progress and evaluations are sent without waiting (a lost one is superseded by the next). COMPLETED, FAILED and the
 * WARNINGs are only built here: they are stored with the state change they announce and published from the outbox
 * ({@link TrainingRecords#complete}, {@link TrainingRecords#fail}, {@code OutboxRelay}), as followers rely on them.
 */
@ApplicationScoped
public class TrainerEvents {

    private final TaskEvents events;

    public TrainerEvents(TaskEvents events) {
        this.events = events;
    }

    /** Whether {@code event} is one of the trainer's own (the trainer reads the topic it writes). */
    public boolean isOwn(TaskEvent event) {
        return events.isOwn(event);
    }

    /** TRAINING_PROGRESS after an incremental unit. */
    public void progress(String taskId, Position at, TaskSession.Unit unit) {
        Map<String, Object> d = details("steps", at.steps(), "loss", unit.loss(), "examplesSeen", at.examplesTrained(),
                "examplesPerSecond", unit.examplesPerSecond(), "learningRate", unit.learningRate(),
                "newExamples", unit.trained(), "heldOut", unit.heldOut(), "replayed", unit.replayed(), "unusable", unit.unusable());
        events.trainingProgress(taskId, at.steps(), "step " + at.steps() + ", loss " + String.format("%.4f", unit.loss()), d);
    }

    /** TRAINING_PROGRESS during a final pass over all examples. */
    public void finalPassProgress(String taskId, Position at, TaskSession.FinalSteps steps) {
        int epoch = steps.epoch() + 1;
        Map<String, Object> d = details("steps", at.steps(), "loss", steps.loss(), "examplesSeen", at.examplesTrained(),
                "examplesPerSecond", steps.examplesPerSecond(), "learningRate", steps.learningRate(),
                "epoch", epoch, "epochs", steps.epochs());
        events.trainingProgress(taskId, at.steps(), "final pass " + epoch + "/" + steps.epochs() + ": step "
                + at.steps() + ", loss " + String.format("%.4f", steps.loss()), d);
    }

    /** EVALUATED: the metrics at {@code step}, on the evaluation file or the held-out slice. */
    public void evaluated(String taskId, int step, String metric, double score, EvalReport report, boolean onFile, Double best) {
        Map<String, Object> d = details("step", step, "metrics", report.metrics(), "evalExamples", report.count(),
                "evalSet", onFile ? "file" : "held-out", "examplesPerSecond", report.examplesPerSecond(), "best", best);
        events.evaluated(taskId, step, metric + " " + String.format("%.4f", score) + " at step " + step, d);
    }

    /**
     * What COMPLETED reports.
     *
     * @param modelPath       the served checkpoint
     * @param reportPath      the JSON report
     * @param metrics         metrics of the served (best) checkpoint
     * @param finalMetrics    metrics of the final evaluation
     * @param baselineMetrics metrics of the few-shot baseline
     * @param bestStep        step of the best checkpoint
     * @param position        where training ended
     * @param reason          why the stream was complete
     * @param retrieved       the RETRIEVED count, null when it never arrived
     * @param counts          what is known about the task's rows
     * @param served          which model is served and why, each candidate's score ({@code ServedChoice.toDetails})
     * @param collapse        the collapse note on the served model, or null
     * @param warnings        the codes of the datastore-fit warnings announced
     */
    public record Completion(String modelPath, String reportPath, Map<?, ?> metrics, Map<String, Double> finalMetrics,
                             Map<String, Double> baselineMetrics, Integer bestStep, Position position, String reason,
                             Long retrieved, RowCounts counts, Map<String, Object> served, Map<String, Object> collapse,
                             List<String> warnings) {

        public Completion {
            served = served == null ? Map.of() : served;
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }

    /** COMPLETED, for the outbox. */
    public TaskEvent completed(String taskId, Completion c) {
        Map<String, Object> counts = details("retrieved", c.retrieved(), "examples", c.counts().examples(),
                "examplesTrained", c.position().examplesTrained(), "rejected", c.counts().rejected(),
                "deadLettered", c.counts().deadLettered(), "duplicates", c.counts().duplicates());
        Map<String, Object> d = details("modelPath", c.modelPath(), "reportPath", c.reportPath(), "metrics", c.metrics(),
                "finalMetrics", c.finalMetrics(), "baselineMetrics", c.baselineMetrics(), "bestStep", c.bestStep(),
                "steps", c.position().steps(), "reason", c.reason(), "counts", counts, "served", c.served(),
                "collapse", c.collapse(), "warnings", c.warnings());
        int steps = c.position().steps();
        Object served = c.served().get("served");
        return TaskEvent.of(taskId, TaskEventType.COMPLETED, events.source(), (long) steps,
                "trained " + steps + " steps on " + c.position().examplesTrained() + " examples (" + c.reason() + ")"
                        + (served == null ? "" : ", serving the " + served + " student"), d).fitted();
    }

    /** WARNING: the datastore does not fit the task; for the outbox, published before COMPLETED. */
    public TaskEvent warning(String taskId, FitWarning w) {
        return new TaskEvent(taskId, TaskEventType.WARNING, Instant.now(), events.source(), null, null, w.code(), null,
                w.message(), w.toDetails()).fitted();
    }

    /** FAILED naming the request field at fault (or none), for the outbox. */
    public TaskEvent failed(String taskId, String field, String message) {
        String reason = field != null && message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
        return TaskEvent.failed(taskId, events.source(), field, reason).fitted();
    }

    /** An ordered details map from name, value pairs; values may be null. */
    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            d.put((String) pairs[i], pairs[i + 1]);
        }
        return d;
    }
}
