package io.rebase.trainer.serving;

import io.rebase.contracts.TaskType;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.eval.Prediction;
import io.rebase.student.model.Devices;
import io.rebase.student.model.StudentModel;
import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.domain.TaskTraining;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serves predictions from a task's best checkpoint (the final model once completed), loaded on first use and
 * reloaded when a better checkpoint appears or after {@link LoadedModels} dropped it (least recently used). One model
 * instance per task; calls on it are serialised because a student model is not thread-safe.
 */
@ApplicationScoped
public class ModelServing {

    /** Why a prediction cannot be served. */
    public static class NotReady extends RuntimeException {
        public NotReady(String message) {
            super(message);
        }
    }

    /** An input field the model needs is missing. */
    public static class BadInput extends RuntimeException {
        public BadInput(String message) {
            super(message);
        }
    }

    /** A loaded student and its evaluator; closing it frees the model. */
    private record Loaded(StudentModel model, Evaluator evaluator) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    private final LoadedModels loaded;
    private final int evalBatchSize;

    @Inject
    public ModelServing(TrainerSettings config, LoadedModels loaded) {
        this(loaded, config.evalBatchSize());
    }

    public ModelServing(LoadedModels loaded, int evalBatchSize) {
        this.loaded = loaded;
        this.evalBatchSize = evalBatchSize;
    }

    /** The checkpoint folder that serves a task, or null when nothing is trained yet. */
    public Path servingPath(TaskTraining t) {
        String p = t.modelPath != null ? t.modelPath : t.bestPath != null ? t.bestPath : t.checkpointPath;
        return p != null && Files.isDirectory(Path.of(p)) ? Path.of(p) : null;
    }

    /** Predicts for one input of a known task. */
    public Prediction predict(TaskTraining t, Map<String, String> input) {
        Path path = servingPath(t);
        if (path == null) {
            throw new NotReady("task " + t.taskId + " has no trained model yet (status " + t.status + ")");
        }
        return predict(t.taskId, path, input);
    }

    /** Predicts for one input with the model of {@code path}, the folder that serves {@code taskId}. */
    public Prediction predict(String taskId, Path path, Map<String, String> input) {
        return loaded.use(taskId, path, p -> {
            StudentModel model = StudentModel.load(p, Devices.preferred());
            return new Loaded(model, new Evaluator(model, evalBatchSize));
        }, LoadedModels::weightBytes, l -> {
            for (String field : requiredFields(l.model().spec())) {
                String v = input == null ? null : input.get(field);
                if (v == null || v.isBlank()) {
                    throw new BadInput("input." + field + ": required by this task (" + l.model().spec().type().wireName() + ")");
                }
            }
            return l.evaluator().predict(input);
        });
    }

    private static List<String> requiredFields(TaskSpec spec) {
        List<String> out = new ArrayList<>();
        out.add(spec.roles().first());
        if (spec.type() != TaskType.MULTIPLE_CHOICE && spec.roles().second() != null) {
            out.add(spec.roles().second());
        }
        if (spec.roles().choices() != null) {
            out.add(spec.roles().choices());
        }
        return out;
    }
}
