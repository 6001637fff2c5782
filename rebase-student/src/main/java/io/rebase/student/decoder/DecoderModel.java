package io.rebase.student.decoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.rebase.student.model.Devices;
import io.rebase.student.weights.FloatTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Llama / Qwen2 causal LM with an optional LoRA adapter, computed in float32 with DJL's PyTorch engine. The base
 * weights never require a gradient; only the adapter's arrays are trained. Use {@link #logits} for a full forward
 * pass, {@link Generator} for decoding with a {@link KvCache}. Not thread-safe.
 */
public final class DecoderModel implements AutoCloseable {

    private final DecoderConfig config;
    private final GenerationDefaults generationDefaults;
    private final NDManager manager;
    private final Map<String, NDArray> weights;
    private final DecoderForward forward;
    private Path source;
    private LoraAdapter adapter;

    private DecoderModel(DecoderConfig config, GenerationDefaults defaults, NDManager manager,
                         Map<String, NDArray> weights) {
        this.config = config;
        this.generationDefaults = defaults;
        this.manager = manager;
        this.weights = weights;
        this.forward = new DecoderForward(this);
    }

    /** Loads a Hugging Face causal-LM folder onto the preferred device (a GPU when DJL sees one). */
    public static DecoderModel load(Path folder) throws IOException {
        return load(folder, Devices.preferred());
    }

    /** Loads a Hugging Face causal-LM folder; fails naming the field or tensor it cannot load exactly. */
    public static DecoderModel load(Path folder, Device device) throws IOException {
        DecoderConfig config = DecoderConfig.load(folder);
        Map<String, FloatTensor> tensors = DecoderCheckpoint.read(folder, config);
        DecoderModel model = fromTensors(config, GenerationDefaults.load(folder, config), tensors, device);
        model.source = folder;
        return model;
    }

    /** A model from tensors already in memory (HF names), validated as on load. */
    public static DecoderModel fromTensors(DecoderConfig config, GenerationDefaults defaults,
                                           Map<String, FloatTensor> tensors, Device device) {
        Map<String, long[]> expected = DecoderTensors.expectedShapes(config);
        DecoderCheckpoint.check(tensors, expected);
        NDManager manager = NDManager.newBaseManager(device);
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (String name : expected.keySet()) {
            FloatTensor t = tensors.get(name);
            arrays.put(name, manager.create(t.data(), new Shape(t.shape())));
        }
        return new DecoderModel(config, defaults, manager, arrays);
    }

    /** The folder the model was loaded from, or null for a model made in memory. */
    public Path source() {
        return source;
    }

    /** The architecture. */
    public DecoderConfig config() {
        return config;
    }

    /** Decoding defaults of the folder ({@code generation_config.json}, else the config's ids). */
    public GenerationDefaults generationDefaults() {
        return generationDefaults;
    }

    /** The manager owning the weights; per-call arrays belong in a sub-manager of it. */
    public NDManager manager() {
        return manager;
    }

    /** The adapter in use, or null. */
    public LoraAdapter adapter() {
        return adapter;
    }

    /** Adds a fresh adapter (PEFT initialisation: the model's outputs are unchanged until it is trained). */
    public LoraAdapter addAdapter(LoraConfig lora, long seed) {
        return setAdapter(LoraAdapter.initialise(lora, config, manager, seed));
    }

    /** Loads a PEFT adapter folder and uses it. */
    public LoraAdapter loadAdapter(Path folder) throws IOException {
        return setAdapter(PeftAdapters.load(folder, config, manager));
    }

    private LoraAdapter setAdapter(LoraAdapter next) {
        if (adapter != null) {
            adapter.close();
        }
        adapter = next;
        return next;
    }

    /** A base weight by Hugging Face name ({@code lm_head.weight} resolves to the embedding when tied). */
    NDArray weight(String name) {
        if (name.equals(DecoderTensors.LM_HEAD) && config.tieWordEmbeddings()) {
            return weights.get(DecoderTensors.EMBED);
        }
        return weights.get(name);
    }

    /** The base weights as tensors, in checkpoint order (lm_head omitted when tied). */
    Map<String, FloatTensor> baseTensors() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        weights.forEach((name, array) -> out.put(name,
                new FloatTensor(name, array.getShape().getShape(), array.toFloatArray())));
        return out;
    }

    /**
     * Logits [B, L, V] of a right- or left-padded batch ({@code mask[b][l]} true for real tokens, null for none),
     * without a cache. Arrays are created in {@code sub}.
     */
    public NDArray logits(NDManager sub, int[][] ids, boolean[][] mask, boolean training) {
        return forward.run(sub, ids, mask == null ? allReal(ids) : mask, null, training, false);
    }

    /** The final-normed hidden states [B, L, H] (the head's input), without a cache. */
    public NDArray hidden(NDManager sub, int[][] ids, boolean[][] mask, boolean training) {
        return forward.hidden(sub, ids, mask == null ? allReal(ids) : mask, null, training);
    }

    /** The output projection [V, H] (the embedding when tied). */
    NDArray headWeight() {
        return weight(DecoderTensors.LM_HEAD);
    }

    /** Logits [B, 1, V] of the last new position, appending the tokens to {@code cache}. */
    NDArray nextLogits(NDManager sub, int[][] ids, boolean[][] mask, KvCache cache) {
        return forward.run(sub, ids, mask, cache, false, true);
    }

    /** A new empty cache for a batch of {@code batch} rows. */
    public KvCache newCache(int batch) {
        return new KvCache(manager, config.numLayers(), batch);
    }

    static boolean[][] allReal(int[][] ids) {
        boolean[][] mask = new boolean[ids.length][];
        for (int b = 0; b < ids.length; b++) {
            mask[b] = new boolean[ids[b].length];
            java.util.Arrays.fill(mask[b], true);
        }
        return mask;
    }

    @Override
    public void close() {
        manager.close();
    }
}
