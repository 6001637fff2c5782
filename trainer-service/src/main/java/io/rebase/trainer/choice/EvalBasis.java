package io.rebase.trainer.choice;

/**
 * What the candidates were scored on, and how far that can be trusted.
 *
 * @param kind     where the items came from
 * @param items    how many were scored
 * @param weakness what the score cannot tell, in a sentence for the user; empty when nothing needs saying
 */
public record EvalBasis(Kind kind, int items, String weakness) {

    /** Where the evaluation items came from. */
    public enum Kind {
        /** The request's {@code evalSetPath}: the task's own distribution, chosen by the user. */
        EVAL_FILE("evaluation file"),
        /** The held-out slice of the transformed stream: retrieved rows, not the task's own data. */
        HELD_OUT("held-out slice of the retrieved rows"),
        /** The task's examples, each predicted by a model trained without it. */
        LEAVE_ONE_OUT("leave-one-out over the task's examples"),
        /** Nothing to score on: no evaluation file and no held-out row. */
        NONE("no evaluation data");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public EvalBasis {
        if (kind == null) {
            throw new IllegalArgumentException("an evaluation basis needs a kind");
        }
        weakness = weakness == null ? "" : weakness;
    }

    /** The evaluation file: no caveat beyond its size. */
    public static EvalBasis evalFile(int items) {
        return new EvalBasis(Kind.EVAL_FILE, items, items < 100
                ? "only " + items + " evaluation items: a difference of a few points between candidates is noise" : "");
    }

    /**
     * The held-out slice. Its items are retrieved rows transformed like the training stream, so they measure how
     * well a model fits the retrieved data, which favours the ReBase candidate; where the datastore does not fit the
     * task, the few-shot student can be better on the task and still lose here.
     */
    public static EvalBasis heldOut(int items) {
        return new EvalBasis(Kind.HELD_OUT, items, "scored on " + items + " held-out retrieved rows, not on the task's "
                + "own data: this favours the ReBase student; give evaluation.evalSetPath for a choice on the task itself");
    }

    /** No evaluation data: the candidates cannot be compared. */
    public static EvalBasis none() {
        return new EvalBasis(Kind.NONE, 0, "no evaluation data (no evaluation.evalSetPath and no held-out row): the "
                + "served model was not compared with the few-shot student; give evaluation.evalSetPath");
    }

    /** Leave-one-out over the task's examples: the estimate {@link LeaveOneOut} describes. */
    public static EvalBasis leaveOneOut(int items) {
        return new EvalBasis(Kind.LEAVE_ONE_OUT, items, LeaveOneOut.weakness(items));
    }
}
