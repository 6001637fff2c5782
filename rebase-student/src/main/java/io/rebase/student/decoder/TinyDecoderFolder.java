package io.rebase.student.decoder;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a complete Hugging Face causal-LM folder that needs no download: a small Llama-layout model with random
 * weights ({@link RandomDecoder}), sized for the {@link ByteTokenizerJson} vocabulary, and that tokenizer. It learns
 * and generates as any folder does; its outputs mean nothing. For tests and end-to-end runs of the decoder path.
 */
public final class TinyDecoderFolder {

    private TinyDecoderFolder() {}

    /** The architecture: 2 layers, hidden 64, 4 query / 2 key-value heads, 1024 positions, tied head. */
    public static DecoderConfig config() {
        return new DecoderConfig("llama", ByteTokenizerJson.VOCAB_SIZE, 64, 128, 2, 4, 2, 16, 10000.0, 1e-6, true,
                false, false, false, 1024, ByteTokenizerJson.BOS, List.of(ByteTokenizerJson.EOS), "float32");
    }

    /** Writes {@code config.json}, {@code model.safetensors} and {@code tokenizer.json} into {@code folder}. */
    public static Path write(Path folder, long seed) throws IOException {
        DecoderConfig config = config();
        try (DecoderModel model = DecoderModel.fromTensors(config, GenerationDefaults.of(config),
                RandomDecoder.weights(config, seed), Device.cpu())) {
            MergedExport.write(model, folder);
        }
        ByteTokenizerJson.write(folder);
        return folder;
    }
}
