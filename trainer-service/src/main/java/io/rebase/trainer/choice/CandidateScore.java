package io.rebase.trainer.choice;

import java.util.Map;

/**
 * One candidate model's result on the evaluation data that decides which model is served.
 *
 * @param name    {@link ServedModelChoice#FEW_SHOT}, {@link ServedModelChoice#REBASE} or another candidate's name
 * @param score   the task's primary metric (accuracy, or F1 for extractive QA) in [0, 1]
 * @param metrics every metric of the evaluation
 * @param rebase  whether the candidate was trained on retrieved rows (a ReBase model) rather than the examples alone
 */
public record CandidateScore(String name, double score, Map<String, Double> metrics, boolean rebase) {

    public CandidateScore {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a candidate needs a name");
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("candidate " + name + ": score must be in [0, 1], was " + score);
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
