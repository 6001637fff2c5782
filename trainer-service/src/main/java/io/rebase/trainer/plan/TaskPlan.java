package io.rebase.trainer.plan;

import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskType;
import io.rebase.student.data.Example;
import io.rebase.student.data.TaskSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * How the trainer trains one task: the request's settings completed with the service defaults.
 *
 * @param request          the validated task request
 * @param spec             the encoder student's view of the task (type, labels, field roles, lengths); null for a
 *                         generation task, which only a decoder student learns
 * @param studentModel     pretrained encoder name or folder, or a causal-LM folder (a decoder student)
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

    /** Whether the student is a decoder (a causal LM + LoRA learning rationale and answer) rather than an encoder. */
    public boolean decoder() {
        return spec == null || io.rebase.trainer.decoder.DecoderFolders.isDecoder(studentModel);
    }

    /**
     * The metric that ranks checkpoints: encoder QA F1, otherwise accuracy; a decoder student's code BLEU for a
     * generation task (exact match is near zero for code long before the model is useless), exact match for QA.
     */
    public String primaryMetric() {
        if (decoder()) {
            return switch (request.taskType()) {
                case GENERATION -> "bleu";
                case EXTRACTIVE_QA -> "exact_match";
                default -> "accuracy";
            };
        }
        return spec.type() == TaskType.EXTRACTIVE_QA ? "f1" : "accuracy";
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
