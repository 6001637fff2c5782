package io.rebase.trainer.serving;

import ai.djl.Device;
import io.rebase.student.data.TaskSpec;
import io.rebase.contracts.TaskType;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.eval.Prediction;
import io.rebase.student.model.StudentModel;
import io.rebase.student.weights.EncoderSource;
import io.rebase.student.weights.PretrainedEncoders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With room for one served model, predicting for two tasks in turn drops and reloads each, and every answer is the
 * one its own model gives: an evicted model is reloaded from its folder, never confused with another task's.
 */
class ModelServingTest {

    private static final Map<String, String> INPUT = Map.of("sentence", "a warm, funny and moving film");

    @TempDir
    static Path dir;
    static Path a;
    static Path b;

    @BeforeAll
    static void twoModels() {
        EncoderSource encoder = PretrainedEncoders.byName("all-minilm-l6-v2");
        TaskSpec spec = TaskSpec.infer(TaskType.CLASSIFICATION, List.of("negative", "positive"), List.of("sentence"))
                .withMaxSeqLength(32);
        a = dir.resolve("a");
        b = dir.resolve("b");
        // different seeds: different heads, so the two tasks' probabilities differ
        try (StudentModel m = StudentModel.create(encoder, spec, encoder.pooling(), Device.cpu(), 1)) {
            m.save(a);
        }
        try (StudentModel m = StudentModel.create(encoder, spec, encoder.pooling(), Device.cpu(), 2)) {
            m.save(b);
        }
    }

    @Test
    void anEvictedModelIsReloadedAndAnswersAsBefore() {
        Prediction expectedA = direct(a);
        Prediction expectedB = direct(b);
        assertThat(expectedA.probabilities()).isNotEqualTo(expectedB.probabilities());

        LoadedModels models = new LoadedModels(1, Long.MAX_VALUE);
        ModelServing serving = new ModelServing(models, 8);
        assertThat(serving.predict("task-a", a, INPUT)).isEqualTo(expectedA);
        assertThat(serving.predict("task-b", b, INPUT)).isEqualTo(expectedB);
        assertThat(models.loaded("task-a")).isFalse();
        assertThat(serving.predict("task-a", a, INPUT)).isEqualTo(expectedA);
        assertThat(models.loaded("task-b")).isFalse();
        assertThat(models.loads()).isEqualTo(3);
        // while it stays loaded, no reload
        assertThat(serving.predict("task-a", a, INPUT)).isEqualTo(expectedA);
        assertThat(models.loads()).isEqualTo(3);
        assertThat(models.bytes()).isEqualTo(LoadedModels.weightBytes(a)).isPositive();
        models.closeAll();
    }

    private static Prediction direct(Path folder) {
        try (StudentModel m = StudentModel.load(folder, Device.cpu())) {
            return new Evaluator(m, 8).predict(INPUT);
        }
    }
}
