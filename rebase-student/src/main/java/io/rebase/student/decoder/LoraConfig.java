package io.rebase.student.decoder;

import java.util.List;

/**
 * LoRA settings, as PEFT's {@code LoraConfig} names them: each targeted projection {@code W} becomes
 * {@code W x + (alpha / r) * B A dropout(x)} with {@code A} [r, in] and {@code B} [out, r].
 *
 * @param rank           {@code r}
 * @param alpha          {@code lora_alpha}; the update is scaled by {@code alpha / r} (by {@code alpha / sqrt(r)} with rsLoRA)
 * @param dropout        {@code lora_dropout}, applied to the adapter's input while training
 * @param targetModules  projection names ({@code q_proj} ... {@code down_proj})
 * @param useRslora      {@code use_rslora}
 */
public record LoraConfig(int rank, double alpha, double dropout, List<String> targetModules, boolean useRslora) {

    public LoraConfig {
        targetModules = List.copyOf(targetModules);
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
        }
        for (String m : targetModules) {
            if (!DecoderTensors.ALL_LINEAR.contains(m)) {
                throw new IllegalArgumentException("target module '" + m + "' is not one of " + DecoderTensors.ALL_LINEAR);
            }
        }
        if (targetModules.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs at least one target module");
        }
    }

    /** Adapters on q, k, v and o (PEFT's usual choice for Llama). */
    public static LoraConfig attention(int rank, double alpha, double dropout) {
        return new LoraConfig(rank, alpha, dropout, DecoderTensors.ATTENTION, false);
    }

    /** Adapters on every linear layer of each decoder layer (attention and MLP). */
    public static LoraConfig allLinear(int rank, double alpha, double dropout) {
        return new LoraConfig(rank, alpha, dropout, DecoderTensors.ALL_LINEAR, false);
    }

    /** The factor of the adapter's update. */
    public double scale() {
        return useRslora ? alpha / Math.sqrt(rank) : alpha / rank;
    }
}
