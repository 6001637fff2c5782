package io.rebase.student.decoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hugging Face tensor names of the Llama / Qwen2 layout and the shapes a config implies for them. */
public final class DecoderTensors {

    /** The attention projections, in PEFT's module-name spelling. */
    public static final List<String> ATTENTION = List.of("q_proj", "k_proj", "v_proj", "o_proj");
    /** The MLP projections. */
    public static final List<String> MLP = List.of("gate_proj", "up_proj", "down_proj");
    /** Every linear layer of a decoder layer. */
    public static final List<String> ALL_LINEAR = List.of("q_proj", "k_proj", "v_proj", "o_proj",
            "gate_proj", "up_proj", "down_proj");

    static final String EMBED = "model.embed_tokens.weight";
    static final String FINAL_NORM = "model.norm.weight";
    static final String LM_HEAD = "lm_head.weight";

    private DecoderTensors() {}

    /** Module path of a projection of layer {@code layer}, e.g. {@code model.layers.3.self_attn.q_proj}. */
    public static String module(int layer, String projection) {
        String block = MLP.contains(projection) ? "mlp" : "self_attn";
        return "model.layers." + layer + "." + block + "." + projection;
    }

    /** {@code [out, in]} of a projection. */
    static long[] projectionShape(DecoderConfig c, String projection) {
        return switch (projection) {
            case "q_proj" -> new long[] {c.queryWidth(), c.hiddenSize()};
            case "k_proj", "v_proj" -> new long[] {c.kvWidth(), c.hiddenSize()};
            case "o_proj" -> new long[] {c.hiddenSize(), c.queryWidth()};
            case "gate_proj", "up_proj" -> new long[] {c.intermediateSize(), c.hiddenSize()};
            case "down_proj" -> new long[] {c.hiddenSize(), c.intermediateSize()};
            default -> throw new IllegalArgumentException("unknown projection " + projection);
        };
    }

    /** Whether the projection has a bias under {@code c}. */
    static boolean hasBias(DecoderConfig c, String projection) {
        return switch (projection) {
            case "q_proj", "k_proj", "v_proj" -> c.qkvBias();
            case "o_proj" -> c.outputBias();
            default -> c.mlpBias();
        };
    }

    /** Every tensor the model reads, with its shape. */
    static Map<String, long[]> expectedShapes(DecoderConfig c) {
        Map<String, long[]> out = new LinkedHashMap<>();
        out.put(EMBED, new long[] {c.vocabSize(), c.hiddenSize()});
        for (int i = 0; i < c.numLayers(); i++) {
            out.put("model.layers." + i + ".input_layernorm.weight", new long[] {c.hiddenSize()});
            out.put("model.layers." + i + ".post_attention_layernorm.weight", new long[] {c.hiddenSize()});
            for (String p : ALL_LINEAR) {
                long[] shape = projectionShape(c, p);
                out.put(module(i, p) + ".weight", shape);
                if (hasBias(c, p)) {
                    out.put(module(i, p) + ".bias", new long[] {shape[0]});
                }
            }
        }
        out.put(FINAL_NORM, new long[] {c.hiddenSize()});
        if (!c.tieWordEmbeddings()) {
            out.put(LM_HEAD, new long[] {c.vocabSize(), c.hiddenSize()});
        }
        return out;
    }
}
