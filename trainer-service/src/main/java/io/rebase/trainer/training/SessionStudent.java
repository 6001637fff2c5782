package io.rebase.trainer.training;

import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.train.StepStats;
import io.rebase.trainer.mixing.ExampleOversampling;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * What a {@link TaskSession} drives: an encoder student ({@link EncoderStudent}) or a decoder student
 * ({@link DecoderSessionStudent}). Each turns examples into its own batches, steps, evaluates and saves.
 */
public interface SessionStudent extends AutoCloseable {

    /** A batch in the student's own form, stepped as it is. */
    interface Batch {
        /** Examples (instances) in the batch. */
        int size();
    }

    /**
     * The batches of one pass.
     *
     * @param batches in the order to step them
     * @param dropped examples the student cannot use (an answer not in its context, a sequence over the length)
     */
    record Batches(List<? extends Batch> batches, int dropped) {
    }

    /** Batches of about {@code batchSize} examples of {@code examples}, shuffled with {@code random}. */
    Batches batches(List<Example> examples, int batchSize, Random random);

    /**
     * Batches of {@code stream}, each topped up with {@code requestExamples} at the share of {@code oversampling}, so
     * the task's own examples are in every batch. {@code requestExamples} are the same for the session's whole life,
     * so a student may prepare them once.
     */
    Batches batches(List<Example> stream, List<Example> requestExamples, ExampleOversampling oversampling, int batchSize,
                    Random random);

    /** One optimiser step. */
    StepStats step(Batch batch);

    /** Steps taken (including those before a resume). */
    int stepsDone();

    /** The planned total for the learning-rate schedule (ignored by a student with a constant rate). */
    void setPlannedTotalSteps(int total);

    /** Evaluates on {@code gold}. */
    EvalReport evaluate(List<GoldExample> gold, int batchSize);

    /** Saves the model alone (served and downloaded). */
    void saveModel(Path dir);

    /** Saves a resumable checkpoint. */
    void saveCheckpoint(Path dir);

    @Override
    void close();
}
