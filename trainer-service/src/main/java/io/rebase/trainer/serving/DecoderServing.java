package io.rebase.trainer.serving;

import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.decoder.DecoderStudent;
import io.rebase.trainer.decoder.DecoderTask;
import io.rebase.trainer.decoder.Generation;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Serves generations from a decoder task's saved model (base folder + adapter, {@code decoder_task.json}), loaded on
 * first use and reloaded when the served folder changes or after {@link LoadedModels} dropped it (least recently
 * used). Calls on one model are serialised: it is not thread-safe.
 */
@ApplicationScoped
public class DecoderServing {

    /** A loaded decoder student and its task; closing it frees the model. */
    private record Loaded(DecoderStudent student, DecoderTask task) implements AutoCloseable {
        @Override
        public void close() {
            student.close();
        }
    }

    private final LoadedModels loaded;
    private final int batchSize;

    public DecoderServing(TrainerSettings settings, LoadedModels loaded) {
        this.loaded = loaded;
        this.batchSize = settings.evalBatchSize();
    }

    /** Whether {@code path} holds a decoder student's saved model. */
    public static boolean serves(Path path) {
        return path != null && Files.isRegularFile(path.resolve(DecoderStudent.TASK_FILE));
    }

    /** The generated text, rationale and answer for {@code input}; {@link ModelServing.BadInput} names a missing field. */
    public Generation predict(String taskId, Path path, Map<String, String> input) {
        return loaded.use(taskId, path, p -> new Loaded(DecoderStudent.serving(p), DecoderTask.read(p.resolve(DecoderStudent.TASK_FILE))),
                DecoderServing::bytes, l -> {
                    for (String field : l.task().inputFields()) {
                        String v = input.get(field);
                        if (v == null || v.isBlank()) {
                            throw new ModelServing.BadInput("input." + field + ": required by this task ("
                                    + l.task().type().wireName() + ")");
                        }
                    }
                    return l.student().generate(List.of(input), batchSize).get(0);
                });
    }

    /** The base model's weights and the adapter: the base is loaded once per served task. */
    private static long bytes(Path saved) {
        return LoadedModels.weightBytes(Path.of(DecoderTask.read(saved.resolve(DecoderStudent.TASK_FILE)).baseModel()))
                + LoadedModels.weightBytes(saved);
    }
}
