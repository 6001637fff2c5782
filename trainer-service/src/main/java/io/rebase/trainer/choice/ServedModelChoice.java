package io.rebase.trainer.choice;

import java.util.List;

/**
 * Chooses the model served for a task among the candidates scored on the same evaluation data: the few-shot student
 * (the task's examples alone) and the ReBase student(s).
 *
 * <p>The rule: the few-shot student is served unless a ReBase candidate scores higher than it by more than
 * {@code minGain}; among ReBase candidates that do, the highest wins, the first offered on a tie. Ties go to the
 * few-shot student because the promise is "never worse than the examples alone": when the evaluation data cannot
 * tell the two apart, nothing shows that the retrieved rows helped, and the model trained only on data known to be
 * right (without the label skew and the noise of mapped rows) is the one that cannot be worse than the examples.
 * Note that the served score is the best of several on the same items, so it is an optimistic estimate of the
 * served model's accuracy on new data (by up to the evaluation noise).
 */
public final class ServedModelChoice {

    /** The student trained on the task's examples alone. */
    public static final String FEW_SHOT = "few-shot";
    /** The student trained on the retrieved stream (with the task's examples in every batch). */
    public static final String REBASE = "rebase";

    private final double minGain;

    /** @param minGain how much more than the few-shot student a ReBase candidate must score to be served, in [0, 1) */
    public ServedModelChoice(double minGain) {
        if (!(minGain >= 0 && minGain < 1)) {
            throw new IllegalArgumentException("rebase.trainer.choice.min-gain must be in [0, 1), was " + minGain);
        }
        this.minGain = minGain;
    }

    /**
     * Chooses.
     *
     * @param metric     the metric the scores are
     * @param basis      what they were scored on
     * @param candidates at most one non-ReBase candidate (the few-shot student) and any ReBase ones, all scored on
     *                   {@code basis}
     */
    public ServedChoice choose(String metric, EvalBasis basis, List<CandidateScore> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate to choose from");
        }
        List<CandidateScore> fewShot = candidates.stream().filter(c -> !c.rebase()).toList();
        if (fewShot.size() > 1) {
            throw new IllegalArgumentException("more than one candidate trained without retrieved rows: " + fewShot);
        }
        CandidateScore best = bestRebase(candidates);
        if (fewShot.isEmpty()) {
            return choice(best, "the only candidate (no few-shot student was trained)", metric, basis, candidates);
        }
        CandidateScore reference = fewShot.get(0);
        if (best == null) {
            return choice(reference, "trained on the task's examples alone: no ReBase candidate", metric, basis, candidates);
        }
        if (best.score() > reference.score() + minGain) {
            return choice(best, String.format("scored %.3f above the few-shot student", best.score() - reference.score()),
                    metric, basis, candidates);
        }
        String why = best.score() == reference.score() ? "tied with the best ReBase student (ties go to the few-shot student)"
                : best.score() > reference.score()
                ? String.format("the best ReBase student was only %.3f better, within the required gain of %.3f",
                best.score() - reference.score(), minGain)
                : String.format("scored %.3f above the best ReBase student", reference.score() - best.score());
        return choice(reference, why, metric, basis, candidates);
    }

    /**
     * The choice when there is nothing to score the candidates on: the ReBase student when the stream was used (the
     * user asked for no evaluation), else the student of the task's examples alone.
     *
     * @param rebase whether the served model is the ReBase student
     * @param why    the reason, for the user
     */
    public ServedChoice unscored(boolean rebase, String why) {
        return new ServedChoice(rebase ? REBASE : FEW_SHOT, rebase, why, "", EvalBasis.none(), List.of());
    }

    private static CandidateScore bestRebase(List<CandidateScore> candidates) {
        CandidateScore best = null;
        for (CandidateScore c : candidates) {
            if (c.rebase() && (best == null || c.score() > best.score())) {
                best = c;
            }
        }
        return best;
    }

    private static ServedChoice choice(CandidateScore c, String why, String metric, EvalBasis basis,
                                       List<CandidateScore> candidates) {
        return new ServedChoice(c.name(), c.rebase(), why, metric, basis, candidates);
    }
}
