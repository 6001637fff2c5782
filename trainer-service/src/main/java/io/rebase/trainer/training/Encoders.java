package io.rebase.trainer.training;

import io.rebase.student.weights.EncoderSource;
import io.rebase.student.weights.PretrainedEncoders;
import io.rebase.trainer.config.TrainerSettings;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pretrained encoders by name, read once: parsing the bundled ONNX file takes seconds, and every task, baseline
 * and restart would otherwise pay it again. Folders inside the models root are cached by their real path too. At most
 * {@code rebase.trainer.encoder-cache-size} are kept (least recently used dropped first), so distinct names cannot
 * grow memory without bound. Names come resolved by {@link io.rebase.trainer.plan.StudentModels}.
 */
@ApplicationScoped
public class Encoders {

    private final int capacity;
    private final Map<String, EncoderSource> cache;

    public Encoders(TrainerSettings settings) {
        this.capacity = Math.max(1, settings.encoderCacheSize());
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, EncoderSource> eldest) {
                return size() > capacity;
            }
        };
    }

    /** {@code all-minilm-l6-v2}, {@code bge-small-en-v15} or a resolved Hugging Face folder. */
    public synchronized EncoderSource get(String name) {
        // names are matched case-insensitively by the library; folder paths must keep their case
        return cache.computeIfAbsent(name.trim(), PretrainedEncoders::byName);
    }

    /** How many encoders are held now. */
    public synchronized int size() {
        return cache.size();
    }
}
