package io.rebase.trainer.decoder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rebase.student.decoder.DecoderConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells a causal-LM folder (a decoder student) from an encoder name or folder. */
public final class DecoderFolders {

    private DecoderFolders() {}

    /**
     * Whether {@code studentModel} is a folder whose {@code config.json} names a decoder layout this trainer computes
     * ({@code model_type} llama, mistral or qwen2). Names of bundled encoders and BERT folders are not.
     */
    public static boolean isDecoder(String studentModel) {
        if (studentModel == null || studentModel.isBlank()) {
            return false;
        }
        Path config = Path.of(studentModel.trim()).resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try {
            JsonObject json = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
            return json.has("model_type") && DecoderConfig.MODEL_TYPES.contains(json.get("model_type").getAsString());
        } catch (IOException | RuntimeException e) {
            // an unreadable config is the encoder loader's to report, with its own message
            return false;
        }
    }
}
