package io.rebase.student.decoder;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The architecture of a Hugging Face causal LM in the Llama family, read from its {@code config.json}.
 * Supported: {@code llama} (Llama 2/3 without rope scaling, SmolLM/SmolLM2, TinyLlama), {@code mistral} without a
 * sliding window, and {@code qwen2} (Qwen2 / Qwen2.5). Anything this implementation would compute differently from
 * transformers is refused at load with an error naming the field.
 *
 * @param modelType            {@code llama}, {@code mistral} or {@code qwen2}
 * @param vocabSize            rows of the embedding and of the head
 * @param hiddenSize           width of the residual stream
 * @param intermediateSize     width of the SwiGLU MLP
 * @param numLayers            decoder layers
 * @param numHeads             query heads
 * @param numKvHeads           key/value heads (grouped-query attention when fewer than {@code numHeads})
 * @param headDim              width of one head ({@code head_dim}, else hidden / heads)
 * @param ropeTheta            base of the rotary frequencies
 * @param rmsNormEps           epsilon of every RMSNorm
 * @param tieWordEmbeddings    whether the head reuses the embedding matrix
 * @param qkvBias              whether q/k/v projections have a bias (qwen2 always; llama with attention_bias)
 * @param outputBias           whether o_proj has a bias (llama with attention_bias)
 * @param mlpBias              whether gate/up/down have a bias (llama with mlp_bias)
 * @param maxPositions         {@code max_position_embeddings}: the longest sequence accepted
 * @param bosTokenId           beginning-of-sequence id, or -1
 * @param eosTokenIds          end-of-sequence ids (the config may give one or a list)
 * @param storageDtype         the {@code torch_dtype} of the checkpoint ({@code float32}, {@code bfloat16}, {@code float16})
 */
public record DecoderConfig(String modelType, int vocabSize, int hiddenSize, int intermediateSize, int numLayers,
                            int numHeads, int numKvHeads, int headDim, double ropeTheta, double rmsNormEps,
                            boolean tieWordEmbeddings, boolean qkvBias, boolean outputBias, boolean mlpBias,
                            int maxPositions, int bosTokenId, List<Integer> eosTokenIds, String storageDtype) {

    /** The model types this implementation computes exactly. */
    public static final Set<String> MODEL_TYPES = Set.of("llama", "mistral", "qwen2");
    private static final Set<String> DTYPES = Set.of("float32", "bfloat16", "float16");

    public DecoderConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        if (numKvHeads <= 0 || numHeads % numKvHeads != 0) {
            throw new DecoderLoadException("config.json: num_attention_heads " + numHeads
                    + " is not a multiple of num_key_value_heads " + numKvHeads);
        }
    }

    /** Reads and validates {@code folder/config.json}. */
    public static DecoderConfig load(Path folder) throws IOException {
        Path file = folder.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new DecoderLoadException("no config.json in " + folder);
        }
        return parse(JsonParser.parseString(Files.readString(file)).getAsJsonObject());
    }

    /** Validates and reads a parsed {@code config.json}. */
    public static DecoderConfig parse(JsonObject json) {
        ConfigFields f = new ConfigFields(json);
        String type = f.requiredString("model_type");
        if (!MODEL_TYPES.contains(type)) {
            throw new DecoderLoadException("config.json: model_type '" + type + "' is not supported (supported: "
                    + String.join(", ", MODEL_TYPES.stream().sorted().toList()) + ")");
        }
        refuseUnsupported(f, type);
        int hidden = f.requiredInt("hidden_size");
        int heads = f.requiredInt("num_attention_heads");
        boolean attentionBias = f.bool("attention_bias", false);
        boolean qwen = type.equals("qwen2");
        return new DecoderConfig(type, f.requiredInt("vocab_size"), hidden, f.requiredInt("intermediate_size"),
                f.requiredInt("num_hidden_layers"), heads, f.integer("num_key_value_heads", heads),
                f.integer("head_dim", hidden / heads), f.number("rope_theta", 10000.0), f.number("rms_norm_eps", 1e-6),
                f.bool("tie_word_embeddings", false), qwen || attentionBias, !qwen && attentionBias,
                !qwen && f.bool("mlp_bias", false), f.integer("max_position_embeddings", 2048),
                f.integer("bos_token_id", -1), f.intList("eos_token_id"), storageDtype(f));
    }

    private static void refuseUnsupported(ConfigFields f, String type) {
        if (f.present("rope_scaling")) {
            JsonElement scaling = f.json().get("rope_scaling");
            String kind = scaling.isJsonObject() && scaling.getAsJsonObject().has("rope_type")
                    ? scaling.getAsJsonObject().get("rope_type").getAsString()
                    : scaling.isJsonObject() && scaling.getAsJsonObject().has("type")
                    ? scaling.getAsJsonObject().get("type").getAsString() : scaling.toString();
            if (!kind.equals("default")) {
                throw new DecoderLoadException("config.json: rope_scaling of type '" + kind + "' is not supported");
            }
        }
        String act = f.string("hidden_act", "silu");
        if (!act.equals("silu") && !act.equals("swish")) {
            throw new DecoderLoadException("config.json: hidden_act '" + act + "' is not supported (only silu)");
        }
        if (f.bool("use_sliding_window", false)) {
            throw new DecoderLoadException("config.json: use_sliding_window true is not supported");
        }
        if (type.equals("mistral") && f.present("sliding_window")
                && f.requiredInt("sliding_window") < f.integer("max_position_embeddings", Integer.MAX_VALUE)) {
            // a window as long as the context never masks anything; a shorter one changes the attention
            throw new DecoderLoadException("config.json: sliding_window " + f.requiredInt("sliding_window")
                    + " is not supported (only a window covering max_position_embeddings)");
        }
        if (f.bool("pretraining_tp_split", false) || f.integer("pretraining_tp", 1) != 1) {
            throw new DecoderLoadException("config.json: pretraining_tp other than 1 is not supported");
        }
    }

    private static String storageDtype(ConfigFields f) {
        // transformers >= 4.56 writes "dtype", older versions "torch_dtype"
        String field = f.present("torch_dtype") ? "torch_dtype" : "dtype";
        String dtype = f.string(field, "float32").toLowerCase(Locale.ROOT);
        if (!DTYPES.contains(dtype)) {
            throw new DecoderLoadException("config.json: " + field + " '" + dtype
                    + "' is not supported (float32, bfloat16, float16)");
        }
        return dtype;
    }

    /**
     * A Hugging Face {@code config.json} for this architecture with float32 storage (what {@link MergedExport} and
     * models made in memory write).
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("model_type", modelType);
        com.google.gson.JsonArray architectures = new com.google.gson.JsonArray();
        architectures.add(switch (modelType) {
            case "qwen2" -> "Qwen2ForCausalLM";
            case "mistral" -> "MistralForCausalLM";
            default -> "LlamaForCausalLM";
        });
        json.add("architectures", architectures);
        json.addProperty("vocab_size", vocabSize);
        json.addProperty("hidden_size", hiddenSize);
        json.addProperty("intermediate_size", intermediateSize);
        json.addProperty("num_hidden_layers", numLayers);
        json.addProperty("num_attention_heads", numHeads);
        json.addProperty("num_key_value_heads", numKvHeads);
        json.addProperty("head_dim", headDim);
        json.addProperty("max_position_embeddings", maxPositions);
        json.addProperty("rope_theta", ropeTheta);
        json.addProperty("rms_norm_eps", rmsNormEps);
        json.addProperty("tie_word_embeddings", tieWordEmbeddings);
        if (!modelType.equals("qwen2")) {
            json.addProperty("attention_bias", qkvBias);
            json.addProperty("mlp_bias", mlpBias);
        }
        json.addProperty("hidden_act", "silu");
        if (bosTokenId >= 0) {
            json.addProperty("bos_token_id", bosTokenId);
        }
        if (eosTokenIds.size() == 1) {
            json.addProperty("eos_token_id", eosTokenIds.get(0));
        } else if (!eosTokenIds.isEmpty()) {
            com.google.gson.JsonArray eos = new com.google.gson.JsonArray();
            eosTokenIds.forEach(eos::add);
            json.add("eos_token_id", eos);
        }
        json.addProperty("torch_dtype", "float32");
        return json;
    }

    /** Query heads served by one key/value head. */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    /** Width of all query heads together (the input of o_proj). */
    public int queryWidth() {
        return numHeads * headDim;
    }

    /** Width of all key (or value) heads together. */
    public int kvWidth() {
        return numKvHeads * headDim;
    }

    /** Small typed accessors over the JSON object; a null value counts as absent. */
    record ConfigFields(JsonObject json) {

        boolean present(String name) {
            return json.has(name) && !json.get(name).isJsonNull();
        }

        String requiredString(String name) {
            if (!present(name)) {
                throw new DecoderLoadException("config.json: missing field " + name);
            }
            return json.get(name).getAsString();
        }

        int requiredInt(String name) {
            if (!present(name)) {
                throw new DecoderLoadException("config.json: missing field " + name);
            }
            try {
                return json.get(name).getAsInt();
            } catch (RuntimeException e) {
                throw new DecoderLoadException("config.json: field " + name + " is not an integer: " + json.get(name));
            }
        }

        int integer(String name, int fallback) {
            return present(name) ? requiredInt(name) : fallback;
        }

        double number(String name, double fallback) {
            return present(name) ? json.get(name).getAsDouble() : fallback;
        }

        boolean bool(String name, boolean fallback) {
            return present(name) ? json.get(name).getAsBoolean() : fallback;
        }

        String string(String name, String fallback) {
            return present(name) ? json.get(name).getAsString() : fallback;
        }

        List<Integer> intList(String name) {
            List<Integer> out = new ArrayList<>();
            if (!present(name)) {
                return out;
            }
            JsonElement e = json.get(name);
            if (e.isJsonArray()) {
                e.getAsJsonArray().forEach(v -> out.add(v.getAsInt()));
            } else {
                out.add(e.getAsInt());
            }
            return out;
        }
    }
}
