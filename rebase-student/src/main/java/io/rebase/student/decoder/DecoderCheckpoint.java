package io.rebase.student.decoder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rebase.student.weights.FloatTensor;
import io.rebase.student.weights.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the weights of a Hugging Face causal-LM folder ({@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json}) as float32 and checks every tensor the architecture needs for presence and
 * shape. F32, BF16 and F16 storage are widened on the CPU: BF16 arrays abort this DJL build on the CPU.
 */
public final class DecoderCheckpoint {

    static final String SINGLE_FILE = "model.safetensors";
    static final String INDEX_FILE = "model.safetensors.index.json";

    private DecoderCheckpoint() {}

    /** Reads and validates the weights of {@code folder} for {@code config}. */
    public static Map<String, FloatTensor> read(Path folder, DecoderConfig config) throws IOException {
        Map<String, FloatTensor> tensors = readAll(folder);
        check(tensors, DecoderTensors.expectedShapes(config));
        return tensors;
    }

    /** Every tensor of the folder, single file or sharded. */
    static Map<String, FloatTensor> readAll(Path folder) throws IOException {
        Path single = folder.resolve(SINGLE_FILE);
        Path index = folder.resolve(INDEX_FILE);
        if (Files.isRegularFile(single)) {
            return readFile(single);
        }
        if (!Files.isRegularFile(index)) {
            throw new DecoderLoadException("no " + SINGLE_FILE + " or " + INDEX_FILE + " in " + folder);
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (String shard : shardNames(index)) {
            Path file = folder.resolve(shard).normalize();
            if (!file.startsWith(folder.normalize()) || !Files.isRegularFile(file)) {
                throw new DecoderLoadException(INDEX_FILE + " names shard '" + shard + "', not a file of " + folder);
            }
            out.putAll(readFile(file));
        }
        return out;
    }

    private static Set<String> shardNames(Path index) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(index)).getAsJsonObject();
        if (!json.has("weight_map")) {
            throw new DecoderLoadException(index + ": missing field weight_map");
        }
        Set<String> shards = new LinkedHashSet<>();
        json.getAsJsonObject("weight_map").entrySet().forEach(e -> shards.add(e.getValue().getAsString()));
        return shards;
    }

    private static Map<String, FloatTensor> readFile(Path file) throws IOException {
        try {
            return Safetensors.read(file);
        } catch (IllegalArgumentException e) {
            throw new DecoderLoadException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Fails naming the first tensor that is missing or whose shape differs from the expected one. */
    static void check(Map<String, FloatTensor> tensors, Map<String, long[]> expected) {
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            FloatTensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new DecoderLoadException("missing tensor " + e.getKey() + " (expected shape "
                        + Arrays.toString(e.getValue()) + ")");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new DecoderLoadException("tensor " + e.getKey() + " has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(e.getValue()));
            }
        }
    }
}
