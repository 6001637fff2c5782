package io.rebase.student.train;

import java.util.List;

/**
 * Outcome of a {@code trainOn} or {@code fit} call.
 *
 * @param steps             per-step metrics in order
 * @param newExamples       new examples received
 * @param replayedExamples  earlier examples mixed in
 * @param droppedExamples   examples that could not be encoded (e.g. QA answer not in context)
 * @param examplesPerSecond overall training throughput in instances per second
 */
public record TrainReport(List<StepStats> steps, int newExamples, int replayedExamples, int droppedExamples, double examplesPerSecond) {

    /** Mean loss over the steps, NaN when no step ran. */
    public double meanLoss() {
        return steps.stream().mapToDouble(StepStats::loss).average().orElse(Double.NaN);
    }
}
