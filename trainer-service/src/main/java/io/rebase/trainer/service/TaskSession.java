package io.rebase.trainer.service;

import io.rebase.student.data.GoldExample;
import io.rebase.student.model.StudentModel;
import io.rebase.student.train.StudentTrainer;

import java.util.List;
import java.util.Random;

/** The in-memory part of a task being trained: the model and trainer, the replay pool, the evaluation set. */
final class TaskSession implements AutoCloseable {

    final TaskPlan plan;
    final StudentTrainer trainer;
    final Random random;
    /** Ids of the stream examples trained so far (the replay pool, sampled from the database). */
    final List<Long> trainIds;
    /** The evaluation file's examples, read once; null when evaluating on the held-out slice. */
    final List<GoldExample> evalFile;
    boolean requestExamplesTrained;
    boolean scheduleFromRetrieved;
    /** When this session last trained (or opened): idle sessions are the ones parked first. */
    volatile long lastTrainedNanos = System.nanoTime();

    TaskSession(TaskPlan plan, StudentTrainer trainer, Random random, List<Long> trainIds, List<GoldExample> evalFile) {
        this.plan = plan;
        this.trainer = trainer;
        this.random = random;
        this.trainIds = trainIds;
        this.evalFile = evalFile;
    }

    StudentModel model() {
        return trainer.model();
    }

    @Override
    public void close() {
        trainer.model().close();
    }
}
