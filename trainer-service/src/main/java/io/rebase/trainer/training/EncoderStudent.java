package io.rebase.trainer.training;

import io.rebase.student.data.Example;
import io.rebase.student.data.Featurized;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.Instance;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.train.LengthBuckets;
import io.rebase.student.train.StepStats;
import io.rebase.student.train.StudentTrainer;
import io.rebase.trainer.decoder.DecoderStudent;
import io.rebase.trainer.mixing.ExampleOversampling;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** The encoder student (BERT + task head) behind {@link SessionStudent}: featurized instances, length-bucketed. */
final class EncoderStudent implements SessionStudent {

    private record InstanceBatch(List<Instance> instances) implements Batch {
        @Override
        public int size() {
            return instances.size();
        }
    }

    private final StudentTrainer trainer;
    /** The session's request examples as training instances, made on first use. */
    private List<Instance> requestInstances;

    EncoderStudent(StudentTrainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public Batches batches(List<Example> examples, int batchSize, Random random) {
        Featurized f = trainer.model().featurizer().training(examples);
        return new Batches(LengthBuckets.batches(f.instances(), batchSize, random).stream().map(InstanceBatch::new).toList(),
                f.dropped());
    }

    @Override
    public Batches batches(List<Example> stream, List<Example> requestExamples, ExampleOversampling oversampling,
                           int batchSize, Random random) {
        Featurized f = trainer.model().featurizer().training(stream);
        if (requestInstances == null) {
            // a session's request examples never change: featurized once, not at every unit and pass
            requestInstances = trainer.model().featurizer().training(requestExamples).instances();
        }
        return new Batches(oversampling.batches(f.instances(), requestInstances, batchSize, random,
                (part, size) -> LengthBuckets.batches(part, size, random)).stream().map(InstanceBatch::new).toList(), f.dropped());
    }

    @Override
    public StepStats step(Batch batch) {
        // DJL's gradient collector is one per JVM: never beside a decoder student's step
        synchronized (DecoderStudent.STEP_LOCK) {
            return trainer.step(((InstanceBatch) batch).instances());
        }
    }

    @Override
    public int stepsDone() {
        return trainer.stepsDone();
    }

    @Override
    public void setPlannedTotalSteps(int total) {
        trainer.setPlannedTotalSteps(total);
    }

    @Override
    public EvalReport evaluate(List<GoldExample> gold, int batchSize) {
        return new Evaluator(trainer.model(), batchSize).evaluate(gold);
    }

    @Override
    public void saveModel(Path dir) {
        trainer.model().save(dir);
    }

    @Override
    public void saveCheckpoint(Path dir) {
        trainer.saveCheckpoint(dir);
    }

    @Override
    public void close() {
        trainer.model().close();
    }
}
