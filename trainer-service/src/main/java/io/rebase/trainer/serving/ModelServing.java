package io.rebase.trainer.serving;

import io.rebase.contracts.TaskType;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.eval.Prediction;
import io.rebase.student.model.Devices;
import io.rebase.student.model.StudentModel;
import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.domain.TaskTraining;
import io.rebase.trainer.state.TrainingRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves predictions from a task's best checkpoint (the final model once completed), loaded on first use and
 * reloaded when a better checkpoint appears. One model instance per task; calls on it are serialised because a
 * student model is not thread-safe.
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

    private record Loaded(String path, StudentModel model, Evaluator evaluator) {
    }

    private final TrainingRepository store;
    private final TrainerSettings config;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    public ModelServing(TrainingRepository store, TrainerSettings config) {
        this.store = store;
        this.config = config;
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
        Loaded l = loaded.compute(t.taskId, (id, current) -> {
            if (current != null && current.path().equals(path.toString())) {
                return current;
            }
            if (current != null) {
                synchronized (current) {
                    current.model().close();
                }
            }
            StudentModel model = StudentModel.load(path, Devices.preferred());
            return new Loaded(path.toString(), model, new Evaluator(model, config.evalBatchSize()));
        });
        for (String field : requiredFields(l.model().spec())) {
            String v = input == null ? null : input.get(field);
            if (v == null || v.isBlank()) {
                throw new BadInput("input." + field + ": required by this task (" + l.model().spec().type().wireName() + ")");
            }
        }
        synchronized (l) {
            return l.evaluator().predict(input);
        }
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

    @PreDestroy
    void close() {
        loaded.values().forEach(l -> {
            synchronized (l) {
                l.model().close();
            }
        });
        loaded.clear();
    }
}
