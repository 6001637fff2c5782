package io.rebase.trainer.training;

import io.rebase.student.weights.EncoderSource;
import io.rebase.student.weights.PretrainedEncoders;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pretrained encoders by name, read once: parsing the bundled ONNX file takes seconds, and every task, baseline
 * and restart would otherwise pay it again. Folders (a user's own checkpoint) are cached by path too.
 */
@ApplicationScoped
public class Encoders {

    private final Map<String, EncoderSource> cache = new ConcurrentHashMap<>();

    /** {@code all-minilm-l6-v2}, {@code bge-small-en-v15} or a local Hugging Face folder. */
    public EncoderSource get(String name) {
        // names are matched case-insensitively by the library; folder paths must keep their case
        return cache.computeIfAbsent(name.trim(), PretrainedEncoders::byName);
    }
}
