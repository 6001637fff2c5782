package io.rebase.trainer.training;

import io.rebase.student.data.Featurized;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.Instance;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.model.Devices;
import io.rebase.student.model.StudentModel;
import io.rebase.student.train.LengthBuckets;
import io.rebase.student.train.StudentTrainer;
import io.rebase.trainer.plan.TaskPlan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The few-shot-only baseline a ReBase student is compared with: the same student trained on the request's own
 * examples alone, for the same number of steps, evaluated on the same data.
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

    /** The baseline's metrics on {@code gold}, plus {@code steps}: the steps it actually took. */
    public Map<String, Double> run(TaskPlan plan, int stepCount, List<GoldExample> gold) {
        try (StudentModel model = StudentModel.create(encoders.get(plan.studentModel()), plan.spec(),
                encoders.get(plan.studentModel()).pooling(), Devices.preferred(), steps.seed())) {
            StudentTrainer trainer = new StudentTrainer(model, steps.baselineOptimiser(plan, stepCount));
            Featurized f = model.featurizer().training(plan.requestExamples());
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
            Map<String, Double> out = new LinkedHashMap<>(new Evaluator(model, evalBatchSize).evaluate(gold).metrics());
            out.put("steps", (double) done);
            return out;
        }
    }
}
