package io.rebase.student.decoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Decoder throughput on random weights in the shape of SmolLM2-135M (hidden 576, 30 layers, 9 heads / 3 kv heads,
 * intermediate 1536, vocab 49152, tied): LoRA r=16 (q, k, v, o) training tokens/s at a given length and batch, as a
 * fraction of the fp32 matrix-multiply rate measured in the same run; greedy generation tokens/s with and without
 * the KV cache; peak RSS. Args: length (256), batch (8), timed training steps (2; 0 skips training), new tokens (128; 0 skips
 * generation), layers (30),
 * prompt lengths of the single-prompt generation (16; a comma list, e.g. 16,128).
 */
public final class DecoderBenchmark {

    public static void main(String[] args) throws Exception {
        int length = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int newTokens = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        int layers = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        int[] promptLengths = args.length > 5
                ? java.util.Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {16};
        DecoderConfig config = new DecoderConfig("llama", 49152, 576, 1536, layers, 9, 3, 64, 100000.0, 1e-5, true,
                false, false, false, 8192, 1, List.of(2), "float32");
        double peak = matmulGflops();
        System.out.printf("fp32 matmul (2048^3, engine threads): %.1f GFLOP/s%n", peak);
        try (DecoderModel model = DecoderModel.fromTensors(config, GenerationDefaults.of(config),
                RandomDecoder.weights(config, 1), Device.cpu())) {
            System.out.printf("weights loaded, RSS %d MB%n", rssMb("VmRSS"));
            if (newTokens > 0) {
                for (int promptLength : promptLengths) {
                    generation(model, promptLength, newTokens);
                }
                batchGeneration(model, newTokens);
            }
            if (steps > 0) {
                model.addAdapter(LoraConfig.attention(16, 32, 0.0), 2);
                training(model, config, length, batch, steps, peak);
            }
        }
        System.out.printf("peak RSS (VmHWM): %d MB%n", rssMb("VmHWM"));
    }

    private static void training(DecoderModel model, DecoderConfig c, int length, int batch, int steps, double peak) {
        Random random = new Random(3);
        List<CausalLmExample> data = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int[] prompt = random.ints(length / 4, 3, c.vocabSize()).toArray();
            int[] target = random.ints(length - length / 4, 3, c.vocabSize()).toArray();
            data.add(CausalLmExample.of(prompt, target));
        }
        LoraTrainingConfig settings = LoraTrainingConfig.defaults();
        System.out.printf("micro-batches of at most %d padded tokens%n", settings.microBatchTokens());
        try (LoraTrainer trainer = new LoraTrainer(model, settings)) {
            long w = System.nanoTime();
            trainer.step(data);
            System.out.printf("training warm-up step: %.1f s, RSS %d MB%n", (System.nanoTime() - w) / 1e9, rssMb("VmRSS"));
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                trainer.step(data);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double tokensPerSecond = (double) steps * batch * length / seconds;
            // frozen base: forward 2N + input gradients 2N per token (no weight gradients but LoRA's), plus attention
            double n = c.numLayers() * (2.0 * c.hiddenSize() * c.queryWidth() + 2.0 * c.hiddenSize() * c.kvWidth()
                    + 3.0 * c.hiddenSize() * c.intermediateSize()) + (double) c.vocabSize() * c.hiddenSize();
            double attention = c.numLayers() * 4.0 * length * c.queryWidth();
            double flopsPerToken = 2 * (2 * n + attention);
            double gflops = tokensPerSecond * flopsPerToken / 1e9;
            System.out.printf("LoRA r=16 training, %d x %d tokens: %.1f tokens/s, %.1f GFLOP/s (%.2f GFLOP/token), "
                    + "%.2f of the matmul rate%n", batch, length, tokensPerSecond, gflops, flopsPerToken / 1e9, gflops / peak);
            System.out.printf("RSS after training: %d MB%n", rssMb("VmRSS"));
        }
    }

    /**
     * One prompt, greedy, with and without the cache. A cached step reads every weight once for one token (memory
     * bound); an uncached step recomputes prompt + generated tokens (compute bound), so the ratio grows with the
     * prompt: both lengths are printed, with the weight-read rate the cached steps imply.
     */
    private static void generation(DecoderModel model, int promptLength, int newTokens) {
        int[] prompt = new Random(5).ints(promptLength, 3, model.config().vocabSize()).toArray();
        Generator generator = new Generator(model, null);
        generator.generate(prompt, GenerationOptions.greedy(4, Set.of()));
        long t0 = System.nanoTime();
        int[] cached = generator.generate(prompt, GenerationOptions.greedy(newTokens, Set.of())).tokens();
        double cachedSeconds = (System.nanoTime() - t0) / 1e9;
        double withCache = newTokens / cachedSeconds;
        long t1 = System.nanoTime();
        int[] uncached = withoutCache(model, prompt, newTokens);
        double without = newTokens / ((System.nanoTime() - t1) / 1e9);
        double weightGb = weightBytes(model.config()) / 1e9;
        System.out.printf("greedy generation, prompt %d, %d new tokens: %.1f tokens/s with the KV cache, %.2f without "
                + "(%.1fx); same tokens: %b; cached steps read %.2f GB of weights each = %.1f GB/s%n", promptLength,
                newTokens, withCache, without, withCache / without, java.util.Arrays.equals(cached, uncached),
                weightGb, weightGb * withCache);
    }

    /** fp32 bytes of the layers and the head that one decoding step reads. */
    private static double weightBytes(DecoderConfig c) {
        double perLayer = 2.0 * c.hiddenSize() * c.queryWidth() + 2.0 * c.hiddenSize() * c.kvWidth()
                + 3.0 * c.hiddenSize() * c.intermediateSize();
        return 4.0 * (c.numLayers() * perLayer + (double) c.vocabSize() * c.hiddenSize());
    }

    /** A batch shares each step's weight read. */
    private static void batchGeneration(DecoderModel model, int newTokens) {
        Generator generator = new Generator(model, null);
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            prompts.add(new Random(b).ints(8 + 2 * b, 3, model.config().vocabSize()).toArray());
        }
        long t2 = System.nanoTime();
        generator.generate(prompts, GenerationOptions.greedy(newTokens, Set.of()));
        System.out.printf("batch of 8 left-padded prompts (8-22 tokens), KV cache: %.1f tokens/s%n",
                8.0 * newTokens / ((System.nanoTime() - t2) / 1e9));
    }

    /** Recomputes the whole sequence for every new token (only the last position's logits), as without a cache. */
    private static int[] withoutCache(DecoderModel model, int[] prompt, int newTokens) {
        int[] seq = java.util.Arrays.copyOf(prompt, prompt.length + newTokens);
        for (int i = 0; i < newTokens; i++) {
            int[][] ids = {java.util.Arrays.copyOf(seq, prompt.length + i)};
            try (NDManager sub = model.manager().newSubManager(); KvCache fresh = model.newCache(1)) {
                NDArray logits = model.nextLogits(sub, ids, DecoderModel.allReal(ids), fresh);
                seq[prompt.length + i] = TokenSampler.argmax(logits.toFloatArray());
            }
        }
        return java.util.Arrays.copyOfRange(seq, prompt.length, seq.length);
    }

    private static double matmulGflops() {
        int n = 2048;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            a.matMul(b).close();
            int reps = 5;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                a.matMul(b).close();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return reps * 2.0 * n * n * n / seconds / 1e9;
        }
    }

    private static long rssMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
}
