package io.rebase.student.decoder;

import java.util.Arrays;
import java.util.Random;

/** Picks the next token from a row of logits: argmax, or temperature + top-p sampling from a seeded generator. */
final class TokenSampler {

    private final GenerationOptions options;
    private final Random random;

    TokenSampler(GenerationOptions options) {
        this.options = options;
        this.random = new Random(options.seed());
    }

    int next(float[] logits) {
        return options.sample() ? sample(logits) : argmax(logits);
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private int sample(float[] logits) {
        int n = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] probs = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            probs[i] = Math.exp((logits[i] - max) / options.temperature());
            total += probs[i];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            probs[i] /= total;
        }
        Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
        // the smallest set of most likely tokens whose mass reaches top_p (always at least one)
        int keep = 0;
        double mass = 0;
        while (keep < n && (keep == 0 || mass < options.topP())) {
            mass += probs[order[keep]];
            keep++;
        }
        double u = random.nextDouble() * mass;
        for (int k = 0; k < keep; k++) {
            u -= probs[order[k]];
            if (u <= 0) {
                return order[k];
            }
        }
        return order[keep - 1];
    }
}
