package io.rebase.trainer.training;

import io.rebase.trainer.domain.TaskStatus;

import java.util.Map;

/**
 * The stored training state of a task, as a session opens from it.
 *
 * @param status       where the task stands
 * @param position     the position last recorded (trusted only up to the checkpoint when a session opens)
 * @param checkpoint   the latest resumable checkpoint, or null
 * @param lastEvalStep the step of the last evaluation
 * @param best         the best checkpoint so far, or null
 */
public record TrainingRecord(TaskStatus status, Position position, Checkpoint checkpoint, int lastEvalStep, Best best) {

    /**
     * A resumable checkpoint: model, optimiser state and the position it holds.
     *
     * @param path     its folder
     * @param position where training stood when it was saved
     */
    public record Checkpoint(String path, Position position) {
    }

    /**
     * The best checkpoint by the primary metric: the model served.
     *
     * @param path    its folder
     * @param metric  the primary metric
     * @param score   its score
     * @param step    the step it was saved at
     * @param metrics every metric of its evaluation
     */
    public record Best(String path, String metric, double score, int step, Map<String, Double> metrics) {
    }
}
