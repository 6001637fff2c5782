package io.rebase.student.decoder;

import java.util.Arrays;

/**
 * One training sequence: token ids and, per position, the label ({@link CausalLmLoss#IGNORE} on the prompt, so only
 * the target is learned; the model shifts labels itself, as transformers does).
 *
 * @param ids    prompt followed by target
 * @param labels same length; the target's ids where learned, {@code -100} elsewhere
 */
public record CausalLmExample(int[] ids, int[] labels) {

    public CausalLmExample {
        if (ids.length != labels.length) {
            throw new IllegalArgumentException("ids has " + ids.length + " tokens, labels " + labels.length);
        }
        if (ids.length < 2) {
            throw new IllegalArgumentException("a training sequence needs at least two tokens");
        }
    }

    /** The prompt (not learned) followed by the target (learned, e.g. rationale + answer line + EOS). */
    public static CausalLmExample of(int[] prompt, int[] target) {
        if (target.length == 0) {
            throw new IllegalArgumentException("empty target");
        }
        int[] ids = Arrays.copyOf(prompt, prompt.length + target.length);
        System.arraycopy(target, 0, ids, prompt.length, target.length);
        int[] labels = new int[ids.length];
        Arrays.fill(labels, 0, prompt.length, CausalLmLoss.IGNORE);
        System.arraycopy(target, 0, labels, prompt.length, target.length);
        return new CausalLmExample(ids, labels);
    }

    /** As {@link #of(int[], int[])} with {@code eos} appended to the target, so the model learns to stop. */
    public static CausalLmExample of(int[] prompt, int[] target, int eos) {
        int[] withEos = Arrays.copyOf(target, target.length + 1);
        withEos[target.length] = eos;
        return of(prompt, withEos);
    }

    /** Tokens in the sequence. */
    public int length() {
        return ids.length;
    }
}
