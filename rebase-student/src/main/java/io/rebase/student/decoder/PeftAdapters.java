package io.rebase.student.decoder;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rebase.student.weights.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes LoRA adapters in PEFT's folder format: {@code adapter_config.json} and
 * {@code adapter_model.safetensors} with keys {@code base_model.model.<module>.lora_A.weight} /
 * {@code lora_B.weight}, so {@code PeftModel.from_pretrained} loads what this library trains and vice versa.
 * Settings that would change the arithmetic and are not implemented are refused naming the field.
 */
public final class PeftAdapters {

    static final String CONFIG = "adapter_config.json";
    static final String WEIGHTS = "adapter_model.safetensors";

    private PeftAdapters() {}

    /** Reads the adapter settings of a PEFT folder. */
    public static LoraConfig readConfig(Path folder) throws IOException {
        Path file = folder.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new DecoderLoadException("no " + CONFIG + " in " + folder);
        }
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        requireValue(json, "peft_type", "LORA");
        requireAbsentOrFalse(json, "fan_in_fan_out");
        requireAbsentOrFalse(json, "use_dora");
        if (json.has("bias") && !json.get("bias").getAsString().equals("none")) {
            throw new DecoderLoadException(CONFIG + ": bias '" + json.get("bias").getAsString() + "' is not supported");
        }
        for (String field : List.of("layers_to_transform", "modules_to_save", "rank_pattern", "alpha_pattern")) {
            if (json.has(field) && !isEmpty(json.get(field))) {
                throw new DecoderLoadException(CONFIG + ": " + field + " is not supported");
            }
        }
        return new LoraConfig(json.get("r").getAsInt(), json.get("lora_alpha").getAsDouble(),
                json.has("lora_dropout") ? json.get("lora_dropout").getAsDouble() : 0.0, targets(json),
                json.has("use_rslora") && json.get("use_rslora").getAsBoolean());
    }

    /** Loads an adapter folder for a model of {@code model}'s architecture into {@code manager}. */
    static LoraAdapter load(Path folder, DecoderConfig model, NDManager manager) throws IOException {
        LoraConfig config = readConfig(folder);
        Path weights = folder.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new DecoderLoadException("no " + WEIGHTS + " in " + folder);
        }
        try {
            return LoraAdapter.fromTensors(config, model, Safetensors.read(weights), manager);
        } catch (IllegalArgumentException e) {
            throw new DecoderLoadException(WEIGHTS + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code adapter} as a PEFT folder; {@code baseModel} names the base (may be null). */
    public static void save(LoraAdapter adapter, Path folder, String baseModel) throws IOException {
        Files.createDirectories(folder);
        LoraConfig c = adapter.config();
        JsonObject json = new JsonObject();
        json.addProperty("peft_type", "LORA");
        json.addProperty("task_type", "CAUSAL_LM");
        json.addProperty("r", c.rank());
        json.addProperty("lora_alpha", c.alpha());
        json.addProperty("lora_dropout", c.dropout());
        JsonArray targets = new JsonArray();
        c.targetModules().forEach(targets::add);
        json.add("target_modules", targets);
        json.addProperty("bias", "none");
        json.addProperty("fan_in_fan_out", false);
        json.addProperty("use_rslora", c.useRslora());
        json.addProperty("inference_mode", true);
        json.addProperty("base_model_name_or_path", baseModel);
        Files.writeString(folder.resolve(CONFIG), new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json));
        Safetensors.write(folder.resolve(WEIGHTS), adapter.toTensors(), Map.of("format", "pt"));
    }

    private static List<String> targets(JsonObject json) {
        JsonElement t = json.get("target_modules");
        if (t == null || t.isJsonNull()) {
            throw new DecoderLoadException(CONFIG + ": missing field target_modules");
        }
        if (t.isJsonPrimitive()) {
            if (t.getAsString().equals("all-linear")) {
                return DecoderTensors.ALL_LINEAR;
            }
            throw new DecoderLoadException(CONFIG + ": target_modules '" + t.getAsString()
                    + "' is not supported (a list of projection names, or all-linear)");
        }
        List<String> out = new ArrayList<>();
        t.getAsJsonArray().forEach(e -> out.add(e.getAsString()));
        for (String m : out) {
            if (!DecoderTensors.ALL_LINEAR.contains(m)) {
                throw new DecoderLoadException(CONFIG + ": target_modules entry '" + m + "' is not one of "
                        + DecoderTensors.ALL_LINEAR);
            }
        }
        return out;
    }

    private static void requireValue(JsonObject json, String field, String value) {
        if (!json.has(field) || !json.get(field).getAsString().equals(value)) {
            throw new DecoderLoadException(CONFIG + ": " + field + " must be " + value);
        }
    }

    private static void requireAbsentOrFalse(JsonObject json, String field) {
        if (json.has(field) && !json.get(field).isJsonNull() && json.get(field).getAsBoolean()) {
            throw new DecoderLoadException(CONFIG + ": " + field + " true is not supported");
        }
    }

    private static boolean isEmpty(JsonElement e) {
        return e.isJsonNull() || (e.isJsonObject() && e.getAsJsonObject().size() == 0)
                || (e.isJsonArray() && e.getAsJsonArray().isEmpty());
    }
}
