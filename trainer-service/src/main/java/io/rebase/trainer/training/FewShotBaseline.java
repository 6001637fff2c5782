package io.rebase.trainer.training;

import io.rebase.student.data.Example;
import io.rebase.student.data.Featurized;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.Instance;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.model.Devices;
import io.rebase.student.model.StudentModel;
import io.rebase.student.train.LengthBuckets;
import io.rebase.student.train.StudentTrainer;
import io.rebase.trainer.plan.TaskPlan;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The few-shot student a ReBase student is compared with, and served instead of it when it is better: the same
 * student trained on the request's own examples alone, for the same number of steps, evaluated on the same data.
 */
public final class FewShotBaseline {

    private final Encoders encoders;
    private final StepPlan steps;
    private final int evalBatchSize;

    public FewShotBaseline(Encoders encoders, StepPlan steps, int evalBatchSize) {
        this.encoders = encoders;
        this.steps = steps;
        this.evalBatchSize = evalBatchSize;
    }

    /** A trained few-shot student, held until closed: evaluated, and saved when it is the one served. */
    public final class Trained implements AutoCloseable {
        private final StudentModel model;
        private final int steps;

        private Trained(StudentModel model, int steps) {
            this.model = model;
            this.steps = steps;
        }

        /** The steps it actually took. */
        public int steps() {
            return steps;
        }

        public EvalReport evaluate(List<GoldExample> gold) {
            return new Evaluator(model, evalBatchSize).evaluate(gold);
        }

        /** Its metrics in a report plus {@code steps}, the form the report and COMPLETED show. */
        public Map<String, Double> metrics(EvalReport report) {
            Map<String, Double> out = new LinkedHashMap<>(report.metrics());
            out.put("steps", (double) steps);
            return out;
        }

        public void save(Path dir) {
            model.save(dir);
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** Trains the student on the request's examples for {@code stepCount} steps. */
    public Trained train(TaskPlan plan, int stepCount) {
        return train(plan, plan.requestExamples(), stepCount);
    }

    /** Trains the student on {@code examples} (some of the request's, for leave-one-out) for {@code stepCount} steps. */
    public Trained train(TaskPlan plan, List<Example> examples, int stepCount) {
        StudentModel model = StudentModel.create(encoders.get(plan.studentModel()), plan.spec(),
                encoders.get(plan.studentModel()).pooling(), Devices.preferred(), steps.seed());
        try {
            StudentTrainer trainer = new StudentTrainer(model, steps.baselineOptimiser(plan, stepCount));
            Featurized f = model.featurizer().training(examples);
            Random random = new Random(steps.seed());
            int done = 0;
            while (done < stepCount && !f.instances().isEmpty()) {
                for (List<Instance> batch : LengthBuckets.batches(f.instances(), plan.batchSize(), random)) {
                    if (done >= stepCount) {
                        break;
                    }
                    trainer.step(batch);
                    done++;
                }
            }
            return new Trained(model, done);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** The baseline's metrics on {@code gold}, plus {@code steps}: the steps it actually took. */
    public Map<String, Double> run(TaskPlan plan, int stepCount, List<GoldExample> gold) {
        try (Trained t = train(plan, stepCount)) {
            return t.metrics(t.evaluate(gold));
        }
    }
}
