package io.rebase.student.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rebase.student.weights.FloatTensor;
import io.rebase.student.weights.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Folds a LoRA adapter into the base ({@code W + (alpha / r) * B A}) and writes a plain Hugging Face folder:
 * {@code config.json} (the source's, storage set to float32), {@code model.safetensors} (F32) and the source's
 * tokenizer and generation files when it has them. The folder loads without PEFT, here or in transformers.
 */
public final class MergedExport {

    /** Files copied unchanged from the source folder when present. */
    static final List<String> SIDE_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "generation_config.json", "vocab.json", "merges.txt", "tokenizer.model",
            "added_tokens.json", "chat_template.jinja");

    private MergedExport() {}

    /** Writes the merged model to {@code out} (created if needed). The model itself is not changed. */
    public static void write(DecoderModel model, Path out) throws IOException {
        Files.createDirectories(out);
        Map<String, FloatTensor> tensors = model.baseTensors();
        LoraAdapter adapter = model.adapter();
        if (adapter != null) {
            float scale = (float) adapter.config().scale();
            try (NDManager sub = model.manager().newSubManager()) {
                adapter.parameters().forEach((key, ignored) -> {
                    if (key.endsWith(".lora_A.weight")) {
                        String module = key.substring(LoraAdapter.PEFT_PREFIX.length(), key.length() - ".lora_A.weight".length());
                        NDArray[] ab = adapter.of(module);
                        String name = module + ".weight";
                        FloatTensor base = tensors.get(name);
                        // host copies in sub: an op invoked on an adapter array would leave its result in the model's manager
                        NDArray a = sub.create(ab[0].toFloatArray(), ab[0].getShape());
                        NDArray b = sub.create(ab[1].toFloatArray(), ab[1].getShape());
                        NDArray merged = sub.create(base.data(), new Shape(base.shape())).add(b.matMul(a).mul(scale));
                        tensors.put(name, new FloatTensor(name, base.shape(), merged.toFloatArray()));
                    }
                });
            }
        }
        Safetensors.write(out.resolve(DecoderCheckpoint.SINGLE_FILE), tensors.values(), Map.of("format", "pt"));
        Files.writeString(out.resolve("config.json"), new GsonBuilder().setPrettyPrinting().create().toJson(config(model)));
        copySideFiles(model.source(), out);
    }

    private static JsonObject config(DecoderModel model) throws IOException {
        Path source = model.source();
        if (source == null || !Files.isRegularFile(source.resolve("config.json"))) {
            return model.config().toJson();
        }
        JsonObject json = JsonParser.parseString(Files.readString(source.resolve("config.json"))).getAsJsonObject();
        json.remove("dtype");
        json.addProperty("torch_dtype", "float32");
        return json;
    }

    private static void copySideFiles(Path source, Path out) throws IOException {
        if (source == null) {
            return;
        }
        for (String name : SIDE_FILES) {
            Path file = source.resolve(name);
            if (Files.isRegularFile(file)) {
                Files.copy(file, out.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
