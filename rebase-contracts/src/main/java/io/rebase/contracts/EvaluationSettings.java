package io.rebase.contracts;

/**
 * Optional per-task evaluation settings.
 *
 * @param evalSetPath       a jsonl evaluation set readable by the trainer (benchmark conventions)
 * @param heldOutFraction   the share of the stream held out for evaluation when no eval set is given
 * @param maxEvalExamples   an upper bound on evaluated examples
 * @param fewShotBaseline   whether to also train the student on the request's examples alone, for comparison
 */
public record EvaluationSettings(String evalSetPath, Double heldOutFraction, Integer maxEvalExamples,
                                 Boolean fewShotBaseline) {
}
