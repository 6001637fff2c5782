package io.rebase.student.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.rebase.student.weights.FloatTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoRA training on a tiny random Llama-layout model with a character tokenizer: it learns eight prompt ->
 * "rationale. So the answer is X." pairs until batched greedy decoding reproduces every target, the base weights
 * stay bit-identical, and a saved + resumed trainer continues exactly as an uninterrupted one.
 */
class LoraTrainingTest {

    private static final CharTokens TOKENS = new CharTokens();
    private static final String[][] PAIRS = {
            {"what is 3+4?", "add them. So the answer is 7."},
            {"what is 9+0?", "zero adds nothing. So the answer is 9."},
            {"is 7 odd?", "7 is not even. So the answer is yes."},
            {"is 4 odd?", "4 is even. So the answer is no."},
            {"capital of france?", "paris is its capital. So the answer is paris."},
            {"2 times 3?", "two threes. So the answer is 6."},
            {"color of sky?", "it looks blue. So the answer is blue."},
            {"first letter?", "the alphabet starts with a. So the answer is a."}};

    @TempDir
    Path dir;

    static DecoderConfig tinyConfig() {
        return new DecoderConfig("llama", TOKENS.vocabSize(), 64, 128, 2, 4, 2, 16, 10000.0, 1e-6, true,
                false, false, false, 128, CharTokens.BOS, List.of(CharTokens.EOS), "float32");
    }

    static DecoderModel tinyModel() {
        DecoderConfig config = tinyConfig();
        return DecoderModel.fromTensors(config, GenerationDefaults.of(config), RandomDecoder.weights(config, 7),
                Device.cpu());
    }

    static List<CausalLmExample> examples() {
        List<CausalLmExample> out = new ArrayList<>();
        for (String[] pair : PAIRS) {
            out.add(CausalLmExample.of(prompt(pair[0]), target(pair[1])));
        }
        return out;
    }

    private static int[] prompt(String text) {
        int[] ids = TOKENS.encode(text + " ");
        int[] withBos = new int[ids.length + 1];
        withBos[0] = CharTokens.BOS;
        System.arraycopy(ids, 0, withBos, 1, ids.length);
        return withBos;
    }

    private static int[] target(String text) {
        int[] ids = TOKENS.encode(text);
        int[] withEos = java.util.Arrays.copyOf(ids, ids.length + 1);
        withEos[ids.length] = CharTokens.EOS;
        return withEos;
    }

    @Test
    void overfitsEightRationalePairsWithFrozenBase() {
        try (DecoderModel model = tinyModel()) {
            Map<String, FloatTensor> before = model.baseTensors();
            model.addAdapter(LoraConfig.allLinear(8, 16, 0.0), 3);
            List<CausalLmExample> data = examples();
            Generator generator = new Generator(model, TOKENS);
            List<int[]> prompts = new ArrayList<>();
            for (String[] pair : PAIRS) {
                prompts.add(prompt(pair[0]));
            }
            GenerationOptions options = GenerationOptions.greedy(64, Set.of(CharTokens.EOS));
            int reproduced = 0;
            float firstLoss = Float.NaN;
            float loss = Float.NaN;
            try (LoraTrainer trainer = new LoraTrainer(model, new LoraTrainingConfig(1e-2, 0.0, 1.0))) {
                for (int step = 1; step <= 600 && reproduced < PAIRS.length; step++) {
                    loss = trainer.step(data);
                    firstLoss = step == 1 ? loss : firstLoss;
                    if (step % 25 == 0) {
                        reproduced = countReproduced(generator.generate(prompts, options));
                    }
                }
                assertEquals(model.adapter().parameters().size(), trainer.optimizerStateSize(),
                        "optimiser state for the adapter matrices only");
            }
            assertEquals(PAIRS.length, reproduced, "greedy reproduces every target (loss " + firstLoss + " -> " + loss + ")");
            Map<String, FloatTensor> after = model.baseTensors();
            for (String name : before.keySet()) {
                assertArrayEquals(before.get(name).data(), after.get(name).data(), name + " changed");
                assertFalse(model.weight(name).hasGradient(), name + " has a gradient");
            }
        }
    }

    private static int countReproduced(List<GeneratedSequence> generated) {
        int ok = 0;
        for (int i = 0; i < PAIRS.length; i++) {
            GeneratedSequence g = generated.get(i);
            if (g.text().equals(PAIRS[i][1]) && g.finishReason().equals("eos")) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void resumedTrainerContinuesLikeAnUninterruptedOne() throws Exception {
        List<CausalLmExample> data = examples();
        LoraTrainingConfig config = new LoraTrainingConfig(5e-3, 0.01, 1.0);
        Map<String, float[]> straight = new java.util.LinkedHashMap<>();
        try (DecoderModel model = tinyModel()) {
            model.addAdapter(LoraConfig.attention(4, 8, 0.0), 5);
            try (LoraTrainer trainer = new LoraTrainer(model, config)) {
                for (int i = 0; i < 6; i++) {
                    trainer.step(data.subList(i % 2 * 4, i % 2 * 4 + 4));
                    if (i == 2) {
                        trainer.save(dir.resolve("ckpt"));
                    }
                }
            }
            model.adapter().toTensors().forEach(t -> straight.put(t.name(), t.data()));
        }
        try (DecoderModel model = tinyModel();
             LoraTrainer trainer = LoraTrainer.resume(model, dir.resolve("ckpt"), config)) {
            assertEquals(3, trainer.steps());
            for (int i = 3; i < 6; i++) {
                trainer.step(data.subList(i % 2 * 4, i % 2 * 4 + 4));
            }
            for (FloatTensor t : model.adapter().toTensors()) {
                float[] expected = straight.get(t.name());
                for (int j = 0; j < expected.length; j++) {
                    assertEquals(expected[j], t.data()[j], 1e-6, t.name());
                }
            }
        }
    }

    @Test
    void microBatchesGiveTheWholeBatchUpdate() {
        List<CausalLmExample> data = examples();
        LoraTrainingConfig whole = new LoraTrainingConfig(5e-3, 0.0, 1.0, 100_000);
        Map<String, float[]> expected = new java.util.LinkedHashMap<>();
        float wholeLoss;
        try (DecoderModel model = tinyModel()) {
            model.addAdapter(LoraConfig.attention(4, 8, 0.0), 5);
            try (LoraTrainer trainer = new LoraTrainer(model, whole)) {
                trainer.step(data);
                wholeLoss = trainer.step(data);
            }
            model.adapter().toTensors().forEach(t -> expected.put(t.name(), t.data()));
        }
        try (DecoderModel model = tinyModel()) {
            model.addAdapter(LoraConfig.attention(4, 8, 0.0), 5);
            try (LoraTrainer trainer = new LoraTrainer(model, whole.withMicroBatchTokens(60))) {
                trainer.step(data);
                assertEquals(wholeLoss, trainer.step(data), 1e-4, "mean loss over the whole batch");
            }
            for (FloatTensor t : model.adapter().toTensors()) {
                float[] e = expected.get(t.name());
                for (int j = 0; j < e.length; j++) {
                    assertEquals(e[j], t.data()[j], 1e-4, t.name());
                }
            }
        }
    }
}
