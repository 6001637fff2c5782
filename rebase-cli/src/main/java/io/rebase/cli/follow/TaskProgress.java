package io.rebase.cli.follow;

import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TrainingExample;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What is known of one task from its event feed and its examples: the follower's model of the pipeline.
 * Rows are counted by distinct row id, so redelivered records never count twice.
 */
public final class TaskProgress {

    private final String taskId;
    private boolean requested;
    private Long retrieved;
    private Map<String, Object> retrievalDetails = Map.of();
    private final Set<String> exampleIds = new HashSet<>();
    private final Map<String, String> rejectedRows = new java.util.HashMap<>();
    private final Set<String> deadLetteredRows = new HashSet<>();
    private final List<double[]> lossCurve = new ArrayList<>();
    private Map<String, Object> lastTraining = Map.of();
    private final List<TaskEvent> evaluations = new ArrayList<>();
    private final Map<String, TaskEvent> warnings = new java.util.LinkedHashMap<>();
    private TaskEvent terminal;
    private long lastChange = System.currentTimeMillis();

    public TaskProgress(String taskId) {
        this.taskId = taskId;
    }

    /** Folds one event into the state. */
    public void onEvent(TaskEvent event) {
        lastChange = System.currentTimeMillis();
        TaskEventType type = event.type();
        Map<String, Object> details = event.details() == null ? Map.of() : event.details();
        switch (type) {
            case REQUESTED -> requested = true;
            case RETRIEVED -> {
                retrieved = event.count();
                retrievalDetails = details;
            }
            case ROW_REJECTED -> rejectedRows.put(String.valueOf(event.rowId()), event.reason() == null ? "unknown" : event.reason());
            case ROW_DEAD_LETTERED -> deadLetteredRows.add(String.valueOf(event.rowId()));
            case TRAINING_PROGRESS -> {
                Map<String, Object> training = new java.util.HashMap<>(details);
                // the trainer reports the step count as "steps" (and as the event count)
                training.putIfAbsent("step", details.getOrDefault("steps", event.count()));
                lastTraining = training;
                Object step = training.get("step");
                Object loss = details.get("loss");
                if (step instanceof Number s && loss instanceof Number l) {
                    lossCurve.add(new double[]{s.doubleValue(), l.doubleValue()});
                }
            }
            case EVALUATED -> evaluations.add(event);
            // one per code: a redelivered or repeated warning is shown once
            case WARNING -> warnings.putIfAbsent(event.reason() == null ? event.message() : event.reason(), event);
            case COMPLETED, FAILED, CANCELLED -> terminal = event;
            default -> {
                // TRANSFORM_PROGRESS: the follower counts examples and outcomes itself, exactly
            }
        }
    }

    /** Counts one example (idempotent by example id). */
    public void onExample(TrainingExample example) {
        if (exampleIds.add(example.exampleId())) {
            lastChange = System.currentTimeMillis();
        }
    }

    public String taskId() {
        return taskId;
    }

    public boolean requested() {
        return requested;
    }

    public Long retrieved() {
        return retrieved;
    }

    public Map<String, Object> retrievalDetails() {
        return retrievalDetails;
    }

    public int examples() {
        return exampleIds.size();
    }

    public int rejected() {
        return rejectedRows.size();
    }

    public int deadLettered() {
        return deadLetteredRows.size();
    }

    /** Rows that reached an outcome: example, rejection or dead letter. */
    public long transformed() {
        return (long) examples() + rejected() + deadLettered();
    }

    /** Rejections per reason, sorted by reason. */
    public Map<String, Integer> rejectedByReason() {
        Map<String, Integer> out = new TreeMap<>();
        rejectedRows.values().forEach(r -> out.merge(r, 1, Integer::sum));
        return out;
    }

    public List<double[]> lossCurve() {
        return lossCurve;
    }

    public Map<String, Object> lastTraining() {
        return lastTraining;
    }

    public List<TaskEvent> evaluations() {
        return evaluations;
    }

    /** The WARNING events, one per code, in arrival order. */
    public List<TaskEvent> warnings() {
        return List.copyOf(warnings.values());
    }

    public TaskEvent terminal() {
        return terminal;
    }

    public boolean done() {
        return terminal != null;
    }

    public boolean failed() {
        return terminal != null && terminal.type() == TaskEventType.FAILED;
    }

    /** Whether a user cancelled the task. */
    public boolean cancelled() {
        return terminal != null && terminal.type() == TaskEventType.CANCELLED;
    }

    public long lastChange() {
        return lastChange;
    }
}
