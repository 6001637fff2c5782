package io.rebase.student.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Batched left-padded decoding, seeded sampling, EOS and stop strings. */
class GenerationTest {

    @Test
    void leftPaddedBatchDecodesLikeEachPromptAlone() throws Exception {
        Path folder = DecoderFixtures.folder(DecoderFixtures.LLAMA);
        try (DecoderModel model = DecoderModel.load(folder, Device.cpu())) {
            model.loadAdapter(folder.resolve("adapter"));
            Generator generator = new Generator(model, null);
            List<int[]> prompts = List.of(new int[] {1, 37, 64, 27, 64, 91, 45, 95}, new int[] {1, 18, 4},
                    new int[] {1, 5, 60, 33, 12});
            GenerationOptions options = GenerationOptions.greedy(6, Set.of());
            List<GeneratedSequence> batched = generator.generate(prompts, options);
            for (int i = 0; i < prompts.size(); i++) {
                assertArrayEquals(generator.greedyWithoutCache(prompts.get(i), 6), batched.get(i).tokens(),
                        "row " + i);
            }
        }
    }

    @Test
    void samplingIsSeededAndTopPOfZeroMassIsGreedy() {
        try (DecoderModel model = LoraTrainingTest.tinyModel()) {
            Generator generator = new Generator(model, null);
            int[] prompt = {1, 10, 11, 12};
            GenerationOptions greedy = GenerationOptions.greedy(12, Set.of());
            int[] a = generator.generate(prompt, greedy.sampling(100.0, 0.95, 42)).tokens();
            int[] b = generator.generate(prompt, greedy.sampling(100.0, 0.95, 42)).tokens();
            int[] c = generator.generate(prompt, greedy.sampling(100.0, 0.95, 43)).tokens();
            assertArrayEquals(a, b, "same seed, same tokens");
            assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c), "another seed, other tokens");
            assertArrayEquals(generator.generate(prompt, greedy).tokens(),
                    generator.generate(prompt, greedy.sampling(1.0, 1e-6, 7)).tokens(), "top_p ~ 0 keeps only the argmax");
        }
    }

    @Test
    void stopsOnEosAndOnStopStrings() {
        CharTokens tokens = new CharTokens();
        try (DecoderModel model = LoraTrainingTest.tinyModel()) {
            Generator generator = new Generator(model, tokens);
            int[] prompt = {1, 10, 11, 12};
            int[] free = generator.generate(prompt, GenerationOptions.greedy(20, Set.of())).tokens();
            int eos = free[3];
            GeneratedSequence byEos = generator.generate(prompt, GenerationOptions.greedy(20, Set.of(eos)));
            int firstEos = 0;
            while (free[firstEos] != eos) {
                firstEos++;
            }
            assertEquals("eos", byEos.finishReason());
            assertEquals(firstEos + 1, byEos.tokens().length, "ends at (and keeps) the first EOS");

            String text = tokens.decode(free);
            String stop = text.length() > 6 ? text.substring(4, 6) : null;
            if (stop != null && !stop.isEmpty()) {
                GeneratedSequence byStop = generator.generate(prompt,
                        GenerationOptions.greedy(20, Set.of()).withStopStrings(List.of(stop)));
                assertEquals("stop", byStop.finishReason());
                assertEquals(text.substring(0, text.indexOf(stop)), byStop.text());
            }
            GeneratedSequence byLength = generator.generate(prompt, GenerationOptions.greedy(5, Set.of()));
            assertEquals("length", byLength.finishReason());
            assertTrue(byLength.tokens().length == 5);
        }
    }
}
