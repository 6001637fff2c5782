package io.rebase.trainer.serving;

import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.decoder.DecoderStudent;
import io.rebase.trainer.decoder.DecoderTask;
import io.rebase.trainer.decoder.Generation;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves generations from a decoder task's saved model (base folder + adapter, {@code decoder_task.json}), loaded on
 * first use and reloaded when the served folder changes. Calls on one model are serialised: it is not thread-safe.
 */
@ApplicationScoped
public class DecoderServing {

    private record Loaded(String path, DecoderStudent student, DecoderTask task) {
    }

    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    private final int batchSize;

    public DecoderServing(TrainerSettings settings) {
        this.batchSize = settings.evalBatchSize();
    }

    /** Whether {@code path} holds a decoder student's saved model. */
    public static boolean serves(Path path) {
        return path != null && Files.isRegularFile(path.resolve(DecoderStudent.TASK_FILE));
    }

    /** The generated text, rationale and answer for {@code input}; {@link ModelServing.BadInput} names a missing field. */
    public Generation predict(String taskId, Path path, Map<String, String> input) {
        Loaded l = loaded.compute(taskId, (id, current) -> {
            if (current != null && current.path().equals(path.toString())) {
                return current;
            }
            if (current != null) {
                synchronized (current) {
                    current.student().close();
                }
            }
            DecoderTask task = DecoderTask.read(path.resolve(DecoderStudent.TASK_FILE));
            return new Loaded(path.toString(), DecoderStudent.serving(path), task);
        });
        for (String field : l.task().inputFields()) {
            String v = input.get(field);
            if (v == null || v.isBlank()) {
                throw new ModelServing.BadInput("input." + field + ": required by this task (" + l.task().type().wireName() + ")");
            }
        }
        synchronized (l) {
            return l.student().generate(List.of(input), batchSize).get(0);
        }
    }

    @PreDestroy
    void close() {
        loaded.values().forEach(l -> {
            synchronized (l) {
                l.student().close();
            }
        });
        loaded.clear();
    }
}
