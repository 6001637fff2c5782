package io.rebase.student.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.rebase.contracts.TaskType;
import io.rebase.student.Samples;
import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.QaWindow;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.eval.SquadMetrics;
import io.rebase.student.model.Pooling;
import io.rebase.student.model.StudentModel;
import io.rebase.student.weights.PretrainedEncoders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The span head learns extractive QA from the bundled tweetqa, ropes, hotpotqa and covid_qa samples
 * and beats a "first context token" baseline on held-out rows by a wide margin. covid_qa (contexts of
 * ~7k tokens, 50+ windows each) contributes a few training rows only, to keep the test fast.
 */
class ExtractiveQaTest {

    private static final List<String> FIELDS = List.of("question", "context");

    @Test
    void spanHeadBeatsFirstTokenBaseline() {
        List<GoldExample> train = new ArrayList<>();
        List<GoldExample> test = new ArrayList<>();
        for (String set : List.of("tweetqa", "ropes", "hotpotqa_dev_partial")) {
            List<List<GoldExample>> split = Samples.split(Samples.read(set, FIELDS, "answer", Map.of()), 0.8, 11);
            train.addAll(split.get(0));
            test.addAll(split.get(1));
        }
        // covid_qa contexts only add training windows (its 50+ windows per row are too slow to evaluate here)
        train.addAll(Samples.split(Samples.read("covid_qa", FIELDS, "answer", Map.of()), 0.8, 11).get(0).subList(0, 8));

        TaskSpec spec = new TaskSpec(TaskType.EXTRACTIVE_QA, List.of(),
                TaskSpec.extractiveQa().roles(), 128, 64, 30);
        TrainerConfig cfg = TrainerConfig.defaults().withLearningRate(1e-4f).withSchedule(6, 0);
        try (StudentModel model = StudentModel.create(PretrainedEncoders.allMiniLmL6V2(), spec, Pooling.MEAN, Device.cpu(), 5)) {
            StudentTrainer trainer = new StudentTrainer(model, cfg);
            List<Example> examples = Samples.examples(train);
            TrainReport report = trainer.fit(examples, 3);

            Evaluator evaluator = new Evaluator(model, 32);
            EvalReport eval = evaluator.evaluate(test);
            double baseline = firstTokenBaselineF1(model, test);
            System.out.printf("qa: train %d examples (%d dropped), %d steps, loss %.2f -> %.2f, %.1f ex/s; held-out %d: EM %.3f F1 %.3f, first-token F1 %.3f%n",
                    examples.size(), report.droppedExamples(), report.steps().size(), report.steps().get(0).loss(),
                    report.steps().get(report.steps().size() - 1).loss(), report.examplesPerSecond(), test.size(),
                    eval.metrics().get("exact_match"), eval.metrics().get("f1"), baseline);
            // one epoch (20 steps) is not enough: measured F1 0.10 vs baseline 0.04; three epochs train 60 steps
            assertTrue(eval.metrics().get("f1") > Math.max(2 * baseline, baseline + 0.08),
                    "F1 " + eval.metrics() + " vs baseline " + baseline);
        }
    }

    private static double firstTokenBaselineF1(StudentModel model, List<GoldExample> test) {
        double sum = 0;
        for (GoldExample g : test) {
            String context = g.input().get("context");
            QaWindow w = model.featurizer().qaWindows(g.input().get("question"), context).get(0);
            String pred = w.contextLength() == 0 ? "" : context.substring(w.charStarts()[0], w.charEnds()[0]);
            sum += SquadMetrics.f1(pred, g.golds());
        }
        return sum / test.size();
    }
}
