package io.rebase.trainer.plan;

import io.rebase.contracts.TaskRequest;
import io.rebase.student.data.Example;
import io.rebase.student.data.TaskSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * How the trainer trains one task: the request's settings completed with the service defaults.
 *
 * @param request          the validated task request
 * @param spec             the student's view of the task (type, labels, field roles, lengths)
 * @param studentModel     pretrained encoder name or folder
 * @param epochs           passes over the stream (the incremental pass counts as the first)
 * @param batchSize        examples per optimiser step
 * @param learningRate     peak AdamW learning rate
 * @param maxSteps         optimiser step bound; 0 for none
 * @param evalSet          the evaluation file, or null to evaluate on the held-out slice
 * @param heldOutFraction  stream share held out when there is no evaluation file
 * @param maxEvalExamples  evaluation examples used at most
 * @param fewShotBaseline  whether to train and evaluate the request-examples-only baseline
 */
public record TaskPlan(TaskRequest request, TaskSpec spec, String studentModel, int epochs, int batchSize,
                       double learningRate, int maxSteps, Path evalSet, double heldOutFraction, int maxEvalExamples,
                       boolean fewShotBaseline) {

    /** The metric that ranks checkpoints: F1 for QA, accuracy otherwise. */
    public String primaryMetric() {
        return spec.type() == io.rebase.student.data.TaskType.EXTRACTIVE_QA ? "f1" : "accuracy";
    }

    /** The held-out fraction actually applied to the stream (none when an evaluation file is given). */
    public double streamHoldOut() {
        return evalSet == null ? heldOutFraction : 0;
    }

    /** Whether another step is allowed after {@code steps}. */
    public boolean mayStep(int steps) {
        return maxSteps <= 0 || steps < maxSteps;
    }

    /** The request's own demonstrations (those with an input and an output). */
    public List<Example> requestExamples() {
        if (request.examples() == null) {
            return List.of();
        }
        return request.examples().stream().filter(x -> x != null && x.input() != null && x.output() != null)
                .map(x -> new Example(x.input(), x.output(), x.rationale())).toList();
    }
}
