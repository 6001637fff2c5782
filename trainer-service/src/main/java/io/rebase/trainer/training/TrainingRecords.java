package io.rebase.trainer.training;

import io.rebase.contracts.TaskEvent;

import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.train.StepStats;
import io.rebase.trainer.domain.TaskStatus;

import java.util.List;
import java.util.Map;

/**
 * What training reads from and records in the database, named by intent. The database is the source of truth: a
 * session opens from the last checkpoint recorded here, so a crash at any point resumes from it.
 */
public interface TrainingRecords {

    /** Tasks that are not finished, oldest first. */
    List<String> activeTaskIds();

    /** What the consumers learnt about the task's stream, or null when the task is unknown. */
    StreamState streamState(String taskId);

    /** What is known about the task's rows. */
    RowCounts counts(String taskId);

    /** The task's training state, created when absent. */
    TrainingRecord training(String taskId);

    /** Up to {@code limit} examples stored after {@code afterId}, in arrival order. */
    List<StreamExample> after(String taskId, long afterId, int limit);

    /** The examples with the given ids, in id order. */
    List<Example> examples(List<Long> ids);

    /** Ids of the training (not held-out) examples up to {@code upTo}. */
    List<Long> trainIds(String taskId, long upTo, double holdOut);

    /** The held-out examples up to {@code upTo}, at most {@code max}, in arrival order. */
    List<GoldExample> heldOut(String taskId, long upTo, double holdOut, int max);

    /** Moves the task to {@code status} (nothing when it is there already). */
    void moveTo(String taskId, TaskStatus status);

    /**
     * A session opened at {@code position}: curves beyond it are dropped (they will be retrained).
     *
     * @param resumedFromStep the step training resumed from, or null when it did not resume
     */
    void resumeAt(String taskId, Position position, Integer resumedFromStep);

    /** An incremental unit moved training to {@code position}; {@code stats} may be empty (nothing was stepped). */
    void recordUnit(String taskId, Position position, List<StepStats> stats, double examplesPerSecond);

    /** Steps of a final pass over all examples. */
    void recordFinalSteps(String taskId, Position position, List<StepStats> stats);

    /** An evaluation at {@code step}; {@code metrics} is null when there was nothing to evaluate on. */
    void recordEvaluation(String taskId, int step, double score, Map<String, Double> metrics, long examplesSeen);

    /** A new best checkpoint, the model served from now on. */
    void recordBest(String taskId, TrainingRecord.Best best);

    /** A new resumable checkpoint. */
    void recordCheckpoint(String taskId, TrainingRecord.Checkpoint checkpoint);

    /** The stream is complete for {@code reason}: final passes, evaluation and baseline follow. */
    void finalising(String taskId, String reason);

    /** Rejected rows per reason code (a row rejected without a reason counts under {@code unknown}). */
    Map<String, Long> rejectionReasons(String taskId);

    /** The RETRIEVED event's details (dataset mix, score statistics), empty when none arrived. */
    Map<String, Object> retrievalDetails(String taskId);

    /**
     * The task is done: {@code modelPath} serves it; {@code baseline} is null when none was trained; {@code served}
     * says which model is served and why, with the checks on it. {@code announce} (the WARNINGs and COMPLETED) is
     * stored in the outbox in the same transaction, to be published in this order. False, and nothing stored, when
     * the task was cancelled meanwhile or had already ended.
     */
    boolean complete(String taskId, String modelPath, String reportPath, Map<String, Double> baseline, Map<String, Object> served,
                  List<TaskEvent> announce);

    /**
     * Fails the task, storing {@code announce} (FAILED, or null for none) in the outbox in the same transaction; false
     * when it had already completed or failed.
     */
    boolean fail(String taskId, String reason, TaskEvent announce);

    /** Ends the task as CANCELLED; false when it had already completed, failed or been cancelled. */
    boolean cancel(String taskId);
}
