package io.rebase.student.decoder;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoding defaults of a model folder: {@code generation_config.json} when present (its {@code eos_token_id} wins
 * over the config's, as in transformers), else the ids of {@code config.json}.
 *
 * @param eosTokenIds   ids that end a sequence
 * @param padTokenId    id used for left padding (the first EOS id when the folder names none)
 * @param doSample      whether the folder asks for sampling by default
 * @param temperature   sampling temperature
 * @param topP          nucleus mass
 * @param maxNewTokens  default new-token budget
 */
public record GenerationDefaults(List<Integer> eosTokenIds, int padTokenId, boolean doSample, double temperature,
                                 double topP, int maxNewTokens) {

    public GenerationDefaults {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /** Defaults taken from the config alone. */
    public static GenerationDefaults of(DecoderConfig config) {
        int pad = config.eosTokenIds().isEmpty() ? 0 : config.eosTokenIds().get(0);
        return new GenerationDefaults(config.eosTokenIds(), pad, false, 1.0, 1.0, 64);
    }

    /** Reads {@code generation_config.json} of {@code folder} when present. */
    public static GenerationDefaults load(Path folder, DecoderConfig config) throws IOException {
        Path file = folder.resolve("generation_config.json");
        GenerationDefaults base = of(config);
        if (!Files.isRegularFile(file)) {
            return base;
        }
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        List<Integer> eos = json.has("eos_token_id") && !json.get("eos_token_id").isJsonNull()
                ? ids(json.get("eos_token_id")) : base.eosTokenIds();
        int pad = json.has("pad_token_id") && !json.get("pad_token_id").isJsonNull()
                ? json.get("pad_token_id").getAsInt() : eos.isEmpty() ? 0 : eos.get(0);
        return new GenerationDefaults(eos, pad,
                json.has("do_sample") && json.get("do_sample").getAsBoolean(),
                json.has("temperature") ? json.get("temperature").getAsDouble() : 1.0,
                json.has("top_p") ? json.get("top_p").getAsDouble() : 1.0,
                json.has("max_new_tokens") ? json.get("max_new_tokens").getAsInt() : base.maxNewTokens());
    }

    private static List<Integer> ids(JsonElement e) {
        List<Integer> out = new ArrayList<>();
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(v -> out.add(v.getAsInt()));
        } else {
            out.add(e.getAsInt());
        }
        return out;
    }
}
