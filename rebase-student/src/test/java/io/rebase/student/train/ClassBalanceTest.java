package io.rebase.student.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.rebase.student.Samples;
import io.rebase.student.data.Example;
import io.rebase.student.data.FieldRoles;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.Instance;
import io.rebase.student.data.TaskSpec;
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
 * The class-balanced loss: weights follow the inverse label frequency of the examples received, and a MiniLM
 * student fed a heavily skewed stream (15 negative among 150 reviews) still predicts the minority label,
 * where the plain loss collapses to the majority.
 */
class ClassBalanceTest {

    @TempDir
    Path tmp;

    @Test
    void weightsFollowInverseFrequencyOfReceivedLabels() {
        ClassBalance b = new ClassBalance();
        assertEquals(1.0, b.weight(0), "nothing counted yet");
        b.count(List.of(instance(0), instance(0), instance(0), instance(1)));
        // N / (K * n_c): 4 / (2 * 3) and 4 / (2 * 1)
        assertEquals(4.0 / 6, b.weight(0), 1e-9);
        assertEquals(2.0, b.weight(1), 1e-9);
        assertEquals(1.0, b.weight(2), "a label not seen yet");
        b.count(List.of(instance(1), instance(1)));
        assertEquals(1.0, b.weight(0), 1e-9, "balanced after more minority examples arrived");
        b.count(List.of(instance(-1)));
        assertArrayEquals(new long[] {3, 3}, b.counts(), "QA instances carry no label");
        List<Instance> rare = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rare.add(instance(0));
        }
        rare.add(instance(1));
        ClassBalance capped = new ClassBalance();
        capped.count(rare);
        assertEquals(ClassBalance.MAX_WEIGHT, capped.weight(1));
    }

    @Test
    void skewedStreamStillPredictsMinorityLabel() {
        List<GoldExample> all = Samples.read("rt_polarity", List.of("text"), "label", Map.of());
        all.addAll(Samples.read("sst2", List.of("sentence"), "label", Map.of("sentence", "text")));
        all.addAll(Samples.read("customer_reviews", List.of("text"), "label", Map.of()));
        List<List<GoldExample>> split = Samples.split(all, 0.7, 7);
        // one negative in every ten reviews, spread over the stream
        List<Example> negatives = split.get(0).stream().filter(g -> g.golds().get(0).equals("negative"))
                .limit(15).map(GoldExample::toExample).toList();
        List<Example> positives = split.get(0).stream().filter(g -> g.golds().get(0).equals("positive"))
                .limit(135).map(GoldExample::toExample).toList();
        assertEquals(135, positives.size());
        List<Example> skewed = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            skewed.addAll(positives.subList(9 * i, 9 * i + 9));
            skewed.add(negatives.get(i));
        }
        List<GoldExample> test = split.get(1);
        long negativeTests = test.stream().filter(g -> g.golds().get(0).equals("negative")).count();

        TaskSpec spec = TaskSpec.classification(List.of("negative", "positive"), new FieldRoles("text", null, null))
                .withMaxSeqLength(64);
        TrainerConfig cfg = TrainerConfig.defaults().withLearningRate(1e-4f).withSchedule(4, 40).withReplayRatio(0.5f);
        long plain = negativePredictions(spec, cfg.withClassBalance(false), skewed, test, null);
        long balanced = negativePredictions(spec, cfg, skewed, test, tmp.resolve("ckpt"));
        System.out.printf("skewed stream (15/150 negative): %d of %d held-out reviews predicted negative with the plain loss, "
                + "%d with the class-balanced loss (%d are negative)%n", plain, test.size(), balanced, negativeTests);
        assertTrue(balanced >= negativeTests / 3, "balanced student predicts the minority label: " + balanced);
        assertTrue(balanced > plain + negativeTests / 10,
                "balancing shifts predictions towards the minority: " + plain + " -> " + balanced);
    }

    /** Streams {@code train} in units of 30 and counts held-out predictions of "negative". */
    private static long negativePredictions(TaskSpec spec, TrainerConfig cfg, List<Example> train, List<GoldExample> test,
                                            Path checkpoint) {
        try (StudentModel model = StudentModel.create(PretrainedEncoders.allMiniLmL6V2(), spec, Pooling.MEAN, Device.cpu(), 5)) {
            StudentTrainer trainer = new StudentTrainer(model, cfg);
            for (int i = 0; i < train.size(); i += 30) {
                trainer.trainOn(train.subList(i, Math.min(train.size(), i + 30)));
            }
            if (cfg.classBalance()) {
                assertArrayEquals(new long[] {15, 135}, trainer.labelCounts(), "received examples are counted once");
                assertEquals(150.0 / (2 * 15), trainer.labelWeight(0), 1e-9);
                assertTrue(trainer.labelWeight(0) > trainer.labelWeight(1));
                trainer.saveCheckpoint(checkpoint);
                StudentTrainer resumed = StudentTrainer.resume(checkpoint, cfg, Device.cpu());
                try (StudentModel ignored = resumed.model()) {
                    assertArrayEquals(trainer.labelCounts(), resumed.labelCounts(), "counts survive a checkpoint");
                }
            } else {
                assertEquals(1.0, trainer.labelWeight(0));
            }
            List<Prediction> predictions = new Evaluator(model, 32).predictAll(test.stream().map(GoldExample::input).toList());
            return predictions.stream().filter(p -> p.output().equals("negative")).count();
        }
    }

    private static Instance instance(int label) {
        return new Instance(List.of(), label, -1, -1);
    }
}
