package io.rebase.student.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder reproduces the independent numpy reference on both fixtures (F32 Llama with a tied head and GQA;
 * BF16 Qwen2 with q/k/v bias and a separate head), base and with the PEFT adapter: logits at every position within
 * 1e-3, the masked loss within 1e-4, and 8 greedy tokens exactly, decoded with the KV cache and without.
 */
class DecoderFixtureTest {

    @ParameterizedTest
    @ValueSource(strings = {DecoderFixtures.LLAMA, DecoderFixtures.QWEN2})
    void matchesReference(String name) throws Exception {
        Path folder = DecoderFixtures.folder(name);
        try (DecoderModel base = DecoderModel.load(folder, Device.cpu());
             DecoderModel adapted = DecoderModel.load(folder, Device.cpu())) {
            adapted.loadAdapter(folder.resolve("adapter"));
            for (DecoderFixtures.Case c : DecoderFixtures.cases(folder)) {
                check(c.withAdapter() ? adapted : base, c, name + "/" + c.model());
            }
        }
    }

    private static void check(DecoderModel model, DecoderFixtures.Case c, String label) {
        try (NDManager sub = model.manager().newSubManager()) {
            NDArray logits = model.logits(sub, new int[][] {c.inputIds()}, null, false);
            float[] got = logits.toFloatArray();
            int vocab = model.config().vocabSize();
            double worst = 0;
            for (int t = 0; t < c.logits().length; t++) {
                for (int v = 0; v < vocab; v++) {
                    worst = Math.max(worst, Math.abs(got[t * vocab + v] - c.logits()[t][v]));
                }
            }
            assertTrue(worst <= 1e-3, label + ": max |logit - reference| = " + worst);
            float loss = CausalLmLoss.of(sub, logits, new int[][] {c.labels()}).getFloat();
            assertEquals(c.loss(), loss, 1e-4, label + ": loss");
            NDArray hidden = model.hidden(sub, new int[][] {c.inputIds()}, null, false);
            float trainingLoss = CausalLmLoss.ofHidden(sub, hidden, model.headWeight(), new int[][] {c.labels()})
                    .getFloat();
            assertEquals(c.loss(), trainingLoss, 1e-4, label + ": loss on the labelled positions only (training path)");
        }
        Generator generator = new Generator(model, null);
        GeneratedSequence cached = generator.generate(c.inputIds(), GenerationOptions.greedy(8, Set.of()));
        assertArrayEquals(c.greedy(), cached.tokens(), label + ": greedy tokens with the KV cache");
        assertArrayEquals(c.greedy(), generator.greedyWithoutCache(c.inputIds(), 8), label + ": greedy without cache");
    }
}
