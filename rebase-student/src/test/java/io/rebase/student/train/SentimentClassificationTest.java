package io.rebase.student.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.rebase.student.Samples;
import io.rebase.student.data.FieldRoles;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.TaskSpec;
import io.rebase.contracts.TaskType;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.eval.Prediction;
import io.rebase.student.model.Pooling;
import io.rebase.student.model.StudentModel;
import io.rebase.student.weights.PretrainedEncoders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MiniLM with a mean-pooled head learns binary sentiment from the bundled sst2, rt_polarity and
 * customer_reviews samples; the fine-tuned model survives a checkpoint round trip and resumes.
 */
class SentimentClassificationTest {

    @TempDir
    Path tmp;

    @Test
    void learnsSentimentAndRoundTripsCheckpoint() {
        List<GoldExample> all = new ArrayList<>();
        all.addAll(Samples.read("sst2", List.of("sentence"), "label", Map.of("sentence", "text")));
        all.addAll(Samples.read("rt_polarity", List.of("text"), "label", Map.of()));
        all.addAll(Samples.read("customer_reviews", List.of("text"), "label", Map.of()));
        List<List<GoldExample>> split = Samples.split(all, 0.8, 7);
        List<GoldExample> train = split.get(0);
        List<GoldExample> test = split.get(1);

        TaskSpec spec = TaskSpec.infer(TaskType.CLASSIFICATION, List.of("negative", "positive"), List.of("text"))
                .withMaxSeqLength(128);
        assertEquals(new FieldRoles("text", null, null), spec.roles());
        // small data: a higher peak rate than the 5e-5 calibration converges within 3 epochs
        TrainerConfig cfg = TrainerConfig.defaults().withLearningRate(1e-4f).withSchedule(10, 0);
        try (StudentModel model = StudentModel.create(PretrainedEncoders.allMiniLmL6V2(), spec, Pooling.MEAN, Device.cpu(), 3)) {
            StudentTrainer trainer = new StudentTrainer(model, cfg);
            Evaluator evaluator = new Evaluator(model, 32);
            double before = evaluator.evaluate(test).metrics().get("accuracy");

            TrainReport report = trainer.fit(Samples.examples(train), 3);
            EvalReport after = evaluator.evaluate(test);
            System.out.printf("sentiment: accuracy %.3f -> %.3f, macro-F1 %.3f, loss %.3f -> %.3f, train %.1f ex/s, eval %.1f ex/s%n",
                    before, after.metrics().get("accuracy"), after.metrics().get("macro_f1"),
                    report.steps().get(0).loss(), report.steps().get(report.steps().size() - 1).loss(),
                    report.examplesPerSecond(), after.examplesPerSecond());
            assertTrue(after.metrics().get("accuracy") >= 0.85, "held-out accuracy " + after.metrics());

            Path ckpt = tmp.resolve("ckpt");
            trainer.saveCheckpoint(ckpt);
            List<Map<String, String>> inputs = test.stream().limit(20).map(GoldExample::input).toList();
            List<Prediction> original = evaluator.predictAll(inputs);
            StudentTrainer resumed = StudentTrainer.resume(ckpt, cfg, Device.cpu());
            try (StudentModel reloaded = resumed.model()) {
                assertEquals(trainer.stepsDone(), resumed.stepsDone());
                assertEquals(trainer.plannedTotalSteps(), resumed.plannedTotalSteps());
                assertEquals(train.size(), resumed.replaySize());
                List<Prediction> again = new Evaluator(reloaded, 32).predictAll(inputs);
                for (int i = 0; i < inputs.size(); i++) {
                    assertEquals(original.get(i).output(), again.get(i).output());
                    assertEquals(original.get(i).score(), again.get(i).score(), 1e-4);
                }
            }
        }
    }
}
