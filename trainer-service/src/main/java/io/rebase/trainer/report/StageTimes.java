package io.rebase.trainer.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seconds per stage of a task, from what the services already record. The stages overlap in wall-clock time: the
 * transformer streams examples while the trainer trains on them.
 * <ul>
 *   <li>{@code retrieve}: the retriever's own latency, from its RETRIEVED event;</li>
 *   <li>{@code transform}: from the first to the last training example received;</li>
 *   <li>{@code evaluate}: the sum over evaluations of the time since the training record before each (evaluation
 *       points are recorded when an evaluation ends, loss points when a training unit ends);</li>
 *   <li>{@code train}: from the first step to the last evaluation, less the evaluations (includes waits for
 *       examples);</li>
 *   <li>{@code finalise}: from the last evaluation to completion (few-shot baseline, reports).</li>
 * </ul>
 * A stage without its records is absent.
 */
public final class StageTimes {

    /**
     * A training record with its time: a loss point (end of a unit) or an evaluation point (end of an evaluation).
     *
     * @param at         when it was recorded
     * @param evaluation whether it ends an evaluation
     */
    public record Mark(Instant at, boolean evaluation) {}

    private StageTimes() {
    }

    /** The stages' seconds, in pipeline order. */
    public static Map<String, Double> of(Number retrievalLatencyMs, Instant firstExample, Instant lastExample,
                                         Instant trainingStarted, Instant completed, List<Mark> marks) {
        Map<String, Double> stages = new LinkedHashMap<>();
        if (retrievalLatencyMs != null) {
            stages.put("retrieve", retrievalLatencyMs.doubleValue() / 1000.0);
        }
        if (firstExample != null && lastExample != null) {
            stages.put("transform", seconds(firstExample, lastExample));
        }
        List<Mark> ordered = marks.stream().filter(m -> m.at() != null).sorted(Comparator.comparing(Mark::at)).toList();
        if (trainingStarted == null || ordered.isEmpty()) {
            return stages;
        }
        double evaluate = 0;
        Instant previous = trainingStarted;
        Instant lastEvaluation = null;
        for (Mark m : ordered) {
            if (m.evaluation()) {
                evaluate += seconds(previous.isAfter(m.at()) ? m.at() : previous, m.at());
                lastEvaluation = m.at();
            }
            previous = m.at();
        }
        Instant trainingEnd = lastEvaluation != null ? lastEvaluation : ordered.get(ordered.size() - 1).at();
        stages.put("train", Math.max(0, seconds(trainingStarted, trainingEnd) - evaluate));
        if (lastEvaluation != null) {
            stages.put("evaluate", evaluate);
        }
        if (completed != null && !completed.isBefore(trainingEnd)) {
            stages.put("finalise", seconds(trainingEnd, completed));
        }
        return stages;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
