package io.rebase.student.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.rebase.student.Samples;
import io.rebase.student.data.Example;
import io.rebase.student.data.FieldRoles;
import io.rebase.student.data.TaskSpec;
import io.rebase.contracts.TaskType;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.eval.Prediction;
import io.rebase.student.model.Pooling;
import io.rebase.student.model.StudentModel;
import io.rebase.student.weights.PretrainedEncoders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipleChoiceAndReplayTest {

    @Test
    void choiceHeadLossDecreases() {
        List<Example> data = Samples.examples(
                Samples.read("openbookqa", List.of("question", "choices"), "answer", Map.of())).subList(0, 16);
        TaskSpec spec = TaskSpec.infer(TaskType.MULTIPLE_CHOICE, List.of(), data.get(0).input().keySet()).withMaxSeqLength(64);
        assertEquals(new FieldRoles("question", null, "choices"), spec.roles());
        try (StudentModel model = StudentModel.create(PretrainedEncoders.allMiniLmL6V2(), spec, Pooling.MEAN, Device.cpu(), 9)) {
            Evaluator evaluator = new Evaluator(model, 16);
            double before = nll(evaluator, data);
            StudentTrainer trainer = new StudentTrainer(model, TrainerConfig.defaults().withLearningRate(1e-4f).withBatchSize(8).withSchedule(2, 0));
            trainer.fit(data, 3);
            double after = nll(evaluator, data);
            System.out.printf("mc: training-set NLL (no dropout) %.3f -> %.3f%n", before, after);
            assertTrue(after < before * 0.9, "loss " + before + " -> " + after);

            Prediction p = evaluator.predict(data.get(0).input());
            assertEquals(4, p.probabilities().size());
            assertTrue(List.of("A", "B", "C", "D").contains(p.output()));
        }
    }

    private static double nll(Evaluator evaluator, List<Example> data) {
        List<Prediction> preds = evaluator.predictAll(data.stream().map(Example::input).toList());
        double sum = 0;
        for (int i = 0; i < data.size(); i++) {
            sum -= Math.log(preds.get(i).probabilities().get(data.get(i).output().trim()));
        }
        return sum / data.size();
    }

    @Test
    void trainOnMixesReplayAndAdvancesSchedule() {
        List<Example> rows = Samples.examples(Samples.read("rt_polarity", List.of("text"), "label", Map.of()));
        TaskSpec spec = TaskSpec.classification(List.of("negative", "positive"), new FieldRoles("text", null, null)).withMaxSeqLength(64);
        TrainerConfig cfg = TrainerConfig.defaults().withSchedule(2, 20).withReplayRatio(0.5f);
        try (StudentModel model = StudentModel.create(PretrainedEncoders.allMiniLmL6V2(), spec, Pooling.MEAN, Device.cpu(), 4)) {
            StudentTrainer trainer = new StudentTrainer(model, cfg);
            TrainReport first = trainer.trainOn(rows.subList(0, 32));
            assertEquals(0, first.replayedExamples());
            assertEquals(2, first.steps().size());
            TrainReport second = trainer.trainOn(rows.subList(32, 64));
            assertEquals(16, second.replayedExamples());
            assertEquals(3, second.steps().size(), "32 new + 16 replayed in batches of 16");
            assertEquals(5, trainer.stepsDone());
            assertEquals(64, trainer.replaySize());
            assertTrue(second.steps().stream().allMatch(st -> Float.isFinite(st.loss()) && st.examplesPerSecond() > 0));
            // past the warm-up the rate decays linearly towards the floor
            assertTrue(second.steps().get(2).learningRate() < second.steps().get(0).learningRate());
        }
    }
}
