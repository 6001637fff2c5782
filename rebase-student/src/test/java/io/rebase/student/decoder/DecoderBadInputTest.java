package io.rebase.student.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rebase.student.weights.FloatTensor;
import io.rebase.student.weights.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders the decoder cannot compute exactly fail at load with an error naming the field, tensor or dtype; a sharded
 * checkpoint loads as the single file does.
 */
class DecoderBadInputTest {

    @TempDir
    Path dir;

    @Test
    void missingTensorIsNamed() throws IOException {
        Path folder = copyWithTensors(t -> t.remove("model.layers.1.self_attn.k_proj.weight"));
        assertMessage(folder, "missing tensor model.layers.1.self_attn.k_proj.weight", "[32, 64]");
    }

    @Test
    void misShapedTensorIsNamedWithBothShapes() throws IOException {
        Path folder = copyWithTensors(t -> t.put("model.layers.0.mlp.up_proj.weight",
                new FloatTensor("model.layers.0.mlp.up_proj.weight", new long[] {64, 112}, new float[64 * 112])));
        assertMessage(folder, "model.layers.0.mlp.up_proj.weight", "[64, 112]", "expected [112, 64]");
    }

    @Test
    void separateHeadMissingIsNamed() throws IOException {
        Path folder = copyWithConfig(c -> c.addProperty("tie_word_embeddings", false));
        assertMessage(folder, "missing tensor lm_head.weight");
    }

    @Test
    void unknownModelTypeIsNamed() throws IOException {
        assertMessage(copyWithConfig(c -> c.addProperty("model_type", "gpt2")), "model_type", "gpt2");
    }

    @Test
    void ropeScalingIsRefused() throws IOException {
        Path folder = copyWithConfig(c -> c.add("rope_scaling",
                JsonParser.parseString("{\"rope_type\":\"llama3\",\"factor\":8.0}")));
        assertMessage(folder, "rope_scaling", "llama3");
    }

    @Test
    void unknownConfigDtypeIsNamed() throws IOException {
        assertMessage(copyWithConfig(c -> c.addProperty("torch_dtype", "int8")), "torch_dtype", "int8");
    }

    @Test
    void slidingWindowAndOtherActivationsAreRefused() throws IOException {
        assertMessage(copyWithConfig(c -> {
            c.addProperty("model_type", "mistral");
            c.addProperty("sliding_window", 16);
        }), "sliding_window");
        assertMessage(copyWithConfig(c -> c.addProperty("use_sliding_window", true)), "use_sliding_window");
        assertMessage(copyWithConfig(c -> c.addProperty("hidden_act", "gelu")), "hidden_act", "gelu");
    }

    @Test
    void unknownTensorDtypeIsNamed() throws IOException {
        Path folder = copyWithConfig(c -> { });
        String header = "{\"model.embed_tokens.weight\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + 2).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json).put((byte) 0).put((byte) 0);
        Files.write(folder.resolve("model.safetensors"), file.array());
        assertMessage(folder, "F8_E4M3", "model.embed_tokens.weight");
    }

    @Test
    void shardedCheckpointLoadsLikeTheSingleFile() throws IOException {
        Path source = DecoderFixtures.folder(DecoderFixtures.LLAMA);
        Path folder = copyWithConfig(c -> { });
        Map<String, FloatTensor> all = Safetensors.read(source.resolve("model.safetensors"));
        List<FloatTensor> first = new ArrayList<>();
        List<FloatTensor> second = new ArrayList<>();
        JsonObject weightMap = new JsonObject();
        for (FloatTensor t : all.values()) {
            boolean early = t.name().startsWith("model.layers.0.") || t.name().startsWith("model.embed");
            (early ? first : second).add(t);
            weightMap.addProperty(t.name(), early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        Files.delete(folder.resolve("model.safetensors"));
        Safetensors.write(folder.resolve("model-00001-of-00002.safetensors"), first, Map.of());
        Safetensors.write(folder.resolve("model-00002-of-00002.safetensors"), second, Map.of());
        JsonObject index = new JsonObject();
        index.add("weight_map", weightMap);
        Files.writeString(folder.resolve("model.safetensors.index.json"), index.toString());
        int[][] ids = {{1, 37, 64, 27, 64, 91}};
        assertArrayEquals(logits(source, ids), logits(folder, ids));
    }

    private static float[] logits(Path folder, int[][] ids) throws IOException {
        try (DecoderModel m = DecoderModel.load(folder, Device.cpu()); NDManager sub = m.manager().newSubManager()) {
            return m.logits(sub, ids, null, false).toFloatArray();
        }
    }

    private Path copyWithConfig(Consumer<JsonObject> edit) throws IOException {
        Path source = DecoderFixtures.folder(DecoderFixtures.LLAMA);
        Path folder = Files.createTempDirectory(dir, "model");
        JsonObject config = JsonParser.parseString(Files.readString(source.resolve("config.json"))).getAsJsonObject();
        edit.accept(config);
        Files.writeString(folder.resolve("config.json"), config.toString());
        Files.copy(source.resolve("model.safetensors"), folder.resolve("model.safetensors"));
        return folder;
    }

    private Path copyWithTensors(Consumer<Map<String, FloatTensor>> edit) throws IOException {
        Path folder = copyWithConfig(c -> { });
        Map<String, FloatTensor> tensors = new LinkedHashMap<>(Safetensors.read(folder.resolve("model.safetensors")));
        edit.accept(tensors);
        Safetensors.write(folder.resolve("model.safetensors"), tensors.values(), Map.of());
        return folder;
    }

    private static void assertMessage(Path folder, String... parts) {
        DecoderLoadException e = assertThrows(DecoderLoadException.class, () -> DecoderModel.load(folder, Device.cpu()));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should name " + part);
        }
    }
}
