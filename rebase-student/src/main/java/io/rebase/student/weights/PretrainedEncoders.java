package io.rebase.student.weights;

import io.rebase.student.model.BertConfig;
import io.rebase.student.model.Pooling;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Offline sources of pretrained BERT encoders: the ONNX models bundled in langchain4j's embedding
 * jars (read as plain resources, ONNX Runtime is not needed) and local Hugging Face folders.
 */
public final class PretrainedEncoders {

    private PretrainedEncoders() {}

    /** sentence-transformers/all-MiniLM-L6-v2 (6 layers, 384 wide, mean pooling). */
    public static EncoderSource allMiniLmL6V2() {
        return fromClasspath("all-minilm-l6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
                BertConfig.MINILM_L6, Pooling.MEAN);
    }

    /** BAAI/bge-small-en-v1.5 (12 layers, 384 wide, CLS pooling). */
    public static EncoderSource bgeSmallEnV15() {
        return fromClasspath("bge-small-en-v1.5", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json",
                BertConfig.BGE_SMALL, Pooling.CLS);
    }

    /** The names {@link #byName} knows without a folder (matched case-insensitively). */
    public static final Set<String> BUILT_IN_NAMES = Set.of(
            "all-minilm-l6-v2", "minilm", "bge-small-en-v1.5", "bge-small-en-v15", "bge");

    /** Whether {@code name} names a bundled encoder rather than a folder. */
    public static boolean isBuiltIn(String name) {
        return name != null && BUILT_IN_NAMES.contains(name.trim().toLowerCase(Locale.ROOT));
    }

    /** Looks an encoder up by name: {@code all-minilm-l6-v2}, {@code bge-small-en-v1.5}, or a folder path. */
    public static EncoderSource byName(String nameOrPath) {
        return switch (nameOrPath.toLowerCase()) {
            case "all-minilm-l6-v2", "minilm" -> allMiniLmL6V2();
            case "bge-small-en-v1.5", "bge-small-en-v15", "bge" -> bgeSmallEnV15();
            default -> fromHfFolder(Path.of(nameOrPath));
        };
    }

    /** Reads an ONNX BERT export and its tokenizer from class-path resources. */
    public static EncoderSource fromClasspath(String id, String onnxResource, String tokenizerResource,
                                              BertConfig config, Pooling pooling) {
        ClassLoader cl = PretrainedEncoders.class.getClassLoader();
        try (InputStream onnx = cl.getResourceAsStream(onnxResource);
             InputStream tok = cl.getResourceAsStream(tokenizerResource)) {
            if (onnx == null || tok == null) {
                throw new IllegalStateException("resource " + onnxResource + " or " + tokenizerResource
                        + " not on the class path (is the langchain4j embeddings jar a dependency?)");
            }
            Map<String, FloatTensor> weights = OnnxBertWeights.extract(OnnxReader.read(onnx));
            return new EncoderSource(id, config, weights, tok.readAllBytes(), pooling);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a Hugging Face style folder: {@code config.json}, {@code model.safetensors} and
     * {@code tokenizer.json}. A {@code bert.} prefix on tensor names is dropped. Pooling is MEAN unless
     * the config carries a {@code "pooling": "cls"} entry.
     */
    public static EncoderSource fromHfFolder(Path folder) {
        try {
            String configJson = Files.readString(folder.resolve("config.json"));
            BertConfig config = BertConfig.fromJson(configJson);
            Map<String, FloatTensor> weights = new LinkedHashMap<>();
            for (FloatTensor t : Safetensors.read(folder.resolve("model.safetensors")).values()) {
                String name = t.name().startsWith("bert.") ? t.name().substring(5) : t.name();
                weights.put(name, t.renamed(name));
            }
            byte[] tokenizer = Files.readAllBytes(folder.resolve("tokenizer.json"));
            Pooling pooling = configJson.contains("\"pooling\":\"cls\"") || configJson.contains("\"pooling\": \"cls\"")
                    ? Pooling.CLS : Pooling.MEAN;
            return new EncoderSource(folder.getFileName().toString(), config, weights, tokenizer, pooling);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
