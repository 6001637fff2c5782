package io.rebase.student.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * Holds a model folder (and optionally an adapter) against reference numbers: the logits at every position of a
 * token sequence, the causal-LM loss of labels, and a greedy continuation decoded with the KV cache (never stopped by
 * EOS, as a reference's fixed-length continuation is not).
 */
public final class DecoderProbe {

    private DecoderProbe() {}

    /**
     * What the probe computed.
     *
     * @param logits per position, the logits over the vocabulary
     * @param loss   the masked loss of the labels, or null without labels
     * @param greedy the greedy new tokens (empty when none were asked for)
     */
    public record Result(float[][] logits, Double loss, int[] greedy) {
    }

    /** Loads {@code model} (+ {@code adapter} when not null) and probes it on {@code ids}. */
    public static Result run(Path model, Path adapter, int[] ids, int[] labels, int greedyTokens) throws IOException {
        if (ids.length == 0) {
            throw new IllegalArgumentException("--ids needs at least one token id");
        }
        if (labels != null && labels.length != ids.length) {
            throw new IllegalArgumentException("--labels has " + labels.length + " values, --ids " + ids.length);
        }
        try (DecoderModel m = DecoderModel.load(model)) {
            if (adapter != null) {
                m.loadAdapter(adapter);
            }
            return probe(m, ids, labels, greedyTokens);
        }
    }

    /** Probes an already loaded model. */
    public static Result probe(DecoderModel model, int[] ids, int[] labels, int greedyTokens) {
        float[][] rows = new float[ids.length][];
        Double loss = null;
        try (NDManager sub = model.manager().newSubManager()) {
            NDArray logits = model.logits(sub, new int[][] {ids}, null, false);
            float[] flat = logits.toFloatArray();
            int vocab = model.config().vocabSize();
            for (int t = 0; t < ids.length; t++) {
                rows[t] = Arrays.copyOfRange(flat, t * vocab, (t + 1) * vocab);
            }
            if (labels != null) {
                loss = (double) CausalLmLoss.of(sub, logits, new int[][] {labels}).getFloat();
            }
        }
        int[] greedy = greedyTokens > 0
                ? new Generator(model, null).generate(ids, GenerationOptions.greedy(greedyTokens, Set.of())).tokens()
                : new int[0];
        return new Result(rows, loss, greedy);
    }
}
