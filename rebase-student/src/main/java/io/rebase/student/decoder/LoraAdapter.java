package io.rebase.student.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.rebase.student.weights.FloatTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The LoRA matrices of a decoder: per targeted module ({@code model.layers.N.self_attn.q_proj}) an {@code A} [r, in]
 * and a {@code B} [out, r], in the model's manager. Tensor names follow PEFT ({@link #peftKey}).
 */
public final class LoraAdapter {

    /** PEFT's prefix of every adapter tensor of a causal LM. */
    public static final String PEFT_PREFIX = "base_model.model.";

    private final LoraConfig config;
    private final Map<String, NDArray[]> modules;

    private LoraAdapter(LoraConfig config, Map<String, NDArray[]> modules) {
        this.config = config;
        this.modules = modules;
    }

    /** PEFT's name of a module's {@code lora_A} or {@code lora_B} weight. */
    public static String peftKey(String module, char which) {
        return PEFT_PREFIX + module + ".lora_" + which + ".weight";
    }

    /**
     * A fresh adapter initialised as PEFT does: {@code A} from Kaiming-uniform with {@code a = sqrt(5)} (bound
     * {@code 1/sqrt(in)}), {@code B} zero, so the adapted model starts equal to the base.
     */
    static LoraAdapter initialise(LoraConfig config, DecoderConfig model, NDManager manager, long seed) {
        Random random = new Random(seed);
        Map<String, NDArray[]> modules = new LinkedHashMap<>();
        for (String module : targets(config, model)) {
            long[] shape = DecoderTensors.projectionShape(model, projectionOf(module));
            float[] a = new float[(int) (config.rank() * shape[1])];
            double bound = 1.0 / Math.sqrt(shape[1]);
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            modules.put(module, new NDArray[] {
                    manager.create(a, new Shape(config.rank(), shape[1])),
                    manager.zeros(new Shape(shape[0], config.rank()))});
        }
        return new LoraAdapter(config, modules);
    }

    /** An adapter from PEFT-named tensors; every expected tensor must be present with its shape, and no other. */
    static LoraAdapter fromTensors(LoraConfig config, DecoderConfig model, Map<String, FloatTensor> tensors,
                                   NDManager manager) {
        Map<String, long[]> expected = new LinkedHashMap<>();
        List<String> targets = targets(config, model);
        for (String module : targets) {
            long[] shape = DecoderTensors.projectionShape(model, projectionOf(module));
            expected.put(peftKey(module, 'A'), new long[] {config.rank(), shape[1]});
            expected.put(peftKey(module, 'B'), new long[] {shape[0], config.rank()});
        }
        for (String key : tensors.keySet()) {
            if (!expected.containsKey(key)) {
                throw new DecoderLoadException("adapter_model.safetensors: unexpected tensor " + key
                        + " (not a lora_A/lora_B of the configured target_modules)");
            }
        }
        DecoderCheckpoint.check(tensors, expected);
        Map<String, NDArray[]> modules = new LinkedHashMap<>();
        for (String module : targets) {
            FloatTensor a = tensors.get(peftKey(module, 'A'));
            FloatTensor b = tensors.get(peftKey(module, 'B'));
            modules.put(module, new NDArray[] {manager.create(a.data(), new Shape(a.shape())),
                    manager.create(b.data(), new Shape(b.shape()))});
        }
        return new LoraAdapter(config, modules);
    }

    private static List<String> targets(LoraConfig config, DecoderConfig model) {
        List<String> out = new ArrayList<>();
        for (int layer = 0; layer < model.numLayers(); layer++) {
            for (String p : DecoderTensors.ALL_LINEAR) {
                if (config.targetModules().contains(p)) {
                    out.add(DecoderTensors.module(layer, p));
                }
            }
        }
        return out;
    }

    static String projectionOf(String module) {
        return module.substring(module.lastIndexOf('.') + 1);
    }

    /** The settings. */
    public LoraConfig config() {
        return config;
    }

    /** {@code [A, B]} of a module, or null when it has no adapter. */
    NDArray[] of(String module) {
        return modules.get(module);
    }

    /** Every trainable array by PEFT key, A before B, modules in layer order. */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        modules.forEach((module, ab) -> {
            out.put(peftKey(module, 'A'), ab[0]);
            out.put(peftKey(module, 'B'), ab[1]);
        });
        return out;
    }

    /** The current values as PEFT-named tensors. */
    public List<FloatTensor> toTensors() {
        List<FloatTensor> out = new ArrayList<>();
        parameters().forEach((key, array) -> out.add(
                new FloatTensor(key, array.getShape().getShape(), array.toFloatArray())));
        return out;
    }

    /** Frees the arrays. */
    void close() {
        modules.values().forEach(ab -> {
            ab[0].close();
            ab[1].close();
        });
    }
}
