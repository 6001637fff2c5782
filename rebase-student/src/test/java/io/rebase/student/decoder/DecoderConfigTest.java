package io.rebase.student.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json and generation_config.json parsing: layouts, defaults, EOS lists, refusals. */
class DecoderConfigTest {

    private static JsonObject base(String type) {
        return JsonParser.parseString("""
                {"model_type": "%s", "vocab_size": 100, "hidden_size": 64, "intermediate_size": 128,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "max_position_embeddings": 256}
                """.formatted(type)).getAsJsonObject();
    }

    @Test
    void qwen2HasQkvBiasOnlyAndLlamaFollowsAttentionBias() {
        DecoderConfig qwen = DecoderConfig.parse(base("qwen2"));
        assertTrue(qwen.qkvBias());
        assertFalse(qwen.outputBias());
        JsonObject llama = base("llama");
        llama.addProperty("attention_bias", true);
        DecoderConfig l = DecoderConfig.parse(llama);
        assertTrue(l.qkvBias() && l.outputBias());
        assertEquals(4, l.numKvHeads(), "num_key_value_heads defaults to the attention heads");
        assertEquals(16, l.headDim());
    }

    @Test
    void headDimEosListAndMistralWithoutWindow() {
        JsonObject mistral = base("mistral");
        mistral.addProperty("head_dim", 32);
        mistral.add("sliding_window", null);
        mistral.add("eos_token_id", JsonParser.parseString("[2, 7]"));
        DecoderConfig c = DecoderConfig.parse(mistral);
        assertEquals(32, c.headDim());
        assertEquals(128, c.queryWidth());
        assertEquals(List.of(2, 7), c.eosTokenIds());
        mistral.addProperty("sliding_window", 4096);
        assertEquals("mistral", DecoderConfig.parse(mistral).modelType(), "a window covering the context is exact");
    }

    @Test
    void indivisibleKvHeadsAreRefused() {
        JsonObject c = base("llama");
        c.addProperty("num_key_value_heads", 3);
        DecoderLoadException e = assertThrows(DecoderLoadException.class, () -> DecoderConfig.parse(c));
        assertTrue(e.getMessage().contains("num_key_value_heads"));
    }

    @Test
    void missingFieldIsNamed() {
        JsonObject c = base("llama");
        c.remove("hidden_size");
        DecoderLoadException e = assertThrows(DecoderLoadException.class, () -> DecoderConfig.parse(c));
        assertTrue(e.getMessage().contains("hidden_size"), e.getMessage());
    }

    @Test
    void generationConfigOverridesEos(@TempDir Path dir) throws Exception {
        DecoderConfig c = DecoderConfig.parse(base("llama"));
        assertEquals(List.of(), GenerationDefaults.load(dir, c).eosTokenIds());
        Files.writeString(dir.resolve("generation_config.json"),
                "{\"eos_token_id\": [5, 9], \"pad_token_id\": 0, \"do_sample\": true, \"top_p\": 0.9}");
        GenerationDefaults g = GenerationDefaults.load(dir, c);
        assertEquals(List.of(5, 9), g.eosTokenIds());
        assertEquals(0, g.padTokenId());
        assertTrue(g.doSample());
        assertEquals(0.9, g.topP(), 1e-9);
    }

    @Test
    void cotTargetAndAnswerExtraction() {
        String target = CotTarget.text("Paris is the capital.", "paris", false);
        assertEquals("Paris is the capital. So the answer is paris.", target);
        assertEquals("paris", CotTarget.text(" ", "paris", false));
        assertEquals("paris", CotTarget.text("Paris is the capital.", "paris", true));
        assertEquals("paris", CotTarget.answer(target));
        assertEquals("42", CotTarget.answer("think. So the answer is 42.\nmore text"));
    }
}
