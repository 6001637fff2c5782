package io.rebase.student.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes continuations with a {@link KvCache}: the (left-padded) prompts run through the model once, then each step
 * runs only the new token of every row. Rows that finished (EOS, stop string) are fed padding until all are done or
 * the budget is spent. Each step's arrays live in a manager closed after it; only the cache persists.
 */
public final class Generator {

    private final DecoderModel model;
    private final TokenText text;

    /** @param text turns ids into text for stop strings and {@link GeneratedSequence#text()}; may be null */
    public Generator(DecoderModel model, TokenText text) {
        this.model = model;
        this.text = text;
    }

    /** Continues one prompt. */
    public GeneratedSequence generate(int[] prompt, GenerationOptions options) {
        return generate(List.of(prompt), options).get(0);
    }

    /** Continues a batch of prompts of any lengths (left-padded together). */
    public List<GeneratedSequence> generate(List<int[]> prompts, GenerationOptions options) {
        if (!options.stopStrings().isEmpty() && text == null) {
            throw new IllegalArgumentException("stop strings need a tokenizer (TokenText)");
        }
        int batch = prompts.size();
        int width = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        if (width == 0 || prompts.stream().anyMatch(p -> p.length == 0)) {
            throw new IllegalArgumentException("every prompt needs at least one token");
        }
        int limit = model.config().maxPositions();
        if (width + options.maxNewTokens() > limit) {
            throw new IllegalArgumentException("prompt of " + width + " tokens + " + options.maxNewTokens()
                    + " new tokens exceeds max_position_embeddings " + limit);
        }
        int pad = model.generationDefaults().padTokenId();
        int[][] ids = new int[batch][width];
        boolean[][] mask = new boolean[batch][width];
        for (int b = 0; b < batch; b++) {
            int offset = width - prompts.get(b).length;
            Arrays.fill(ids[b], 0, offset, pad);
            System.arraycopy(prompts.get(b), 0, ids[b], offset, prompts.get(b).length);
            Arrays.fill(mask[b], offset, width, true);
        }
        DecodingState state = new DecodingState(batch, options, text);
        TokenSampler sampler = new TokenSampler(options);
        try (KvCache cache = model.newCache(batch)) {
            int[][] step = ids;
            boolean[][] stepMask = mask;
            while (!state.done()) {
                float[][] next = nextLogits(step, stepMask, cache);
                int[][] fed = new int[batch][1];
                for (int b = 0; b < batch; b++) {
                    fed[b][0] = state.finished(b) ? pad : state.accept(b, sampler.next(next[b]));
                }
                step = fed;
                stepMask = MaskRows.allTrue(batch, 1);
            }
        }
        return state.results();
    }

    private float[][] nextLogits(int[][] ids, boolean[][] mask, KvCache cache) {
        try (NDManager sub = model.manager().newSubManager()) {
            NDArray logits = model.nextLogits(sub, ids, mask, cache);
            int vocab = (int) logits.getShape().get(2);
            float[] flat = logits.toFloatArray();
            float[][] rows = new float[ids.length][];
            for (int b = 0; b < ids.length; b++) {
                rows[b] = Arrays.copyOfRange(flat, b * vocab, (b + 1) * vocab);
            }
            return rows;
        }
    }

    /** Greedy continuation recomputing the whole sequence each step (no cache): the reference for the cache. */
    public int[] greedyWithoutCache(int[] prompt, int newTokens) {
        List<Integer> seq = new ArrayList<>();
        for (int id : prompt) {
            seq.add(id);
        }
        int[] out = new int[newTokens];
        for (int i = 0; i < newTokens; i++) {
            int[][] ids = {seq.stream().mapToInt(Integer::intValue).toArray()};
            try (NDManager sub = model.manager().newSubManager()) {
                NDArray logits = model.logits(sub, ids, null, false);
                float[] all = logits.toFloatArray();
                int vocab = model.config().vocabSize();
                out[i] = TokenSampler.argmax(Arrays.copyOfRange(all, all.length - vocab, all.length));
            }
            seq.add(out[i]);
        }
        return out;
    }

    /** Small helpers for masks. */
    static final class MaskRows {
        private MaskRows() {}

        static boolean[][] allTrue(int rows, int width) {
            boolean[][] m = new boolean[rows][width];
            for (boolean[] r : m) {
                Arrays.fill(r, true);
            }
            return m;
        }
    }
}
