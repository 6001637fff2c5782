package io.rebase.trainer.training;

/**
 * Where a task's training stands in its stream: the optimiser steps taken, the last stored example consumed (trained
 * or held out) and how many stream examples were trained on. A checkpoint holds one; resuming starts from it.
 *
 * @param steps            optimiser steps taken
 * @param lastExampleId    highest stored example id consumed
 * @param examplesTrained  stream examples trained on (held-out ones excluded)
 */
public record Position(int steps, long lastExampleId, long examplesTrained) {

    /** The start of a stream. */
    public static final Position START = new Position(0, 0, 0);

    /** This position after a unit that consumed examples up to {@code lastId} and trained on {@code trained} of them. */
    public Position after(int stepsNow, long lastId, int trained) {
        return new Position(stepsNow, Math.max(lastExampleId, lastId), examplesTrained + trained);
    }

    /** This position with {@code stepsNow} steps (the final passes take steps without consuming the stream). */
    public Position withSteps(int stepsNow) {
        return new Position(stepsNow, lastExampleId, examplesTrained);
    }

    /** Whether anything was trained or consumed since the start. */
    public boolean started() {
        return steps > 0 || lastExampleId > 0;
    }
}
