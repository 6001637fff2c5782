package io.rebase.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The training side of a task: progress, checkpoints, results. Written only by the worker running the task
 * (one at a time), so plain entity updates are safe.
 */
@Entity
@Table(name = "trainer_task_training")
public class TaskTraining extends PanacheEntityBase {

    @Id
    @Column(length = 128)
    public String taskId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    public TaskStatus status = TaskStatus.WAITING_FOR_SPEC;

    /** Optimiser steps taken (reset to the checkpoint's step on resume). */
    public int steps;

    /** Stream examples trained on (held-out ones excluded). */
    public long examplesTrained;

    /** Highest {@link StoredExample#id} consumed by training (trained or held out). */
    public long lastExampleId;

    /** The latest resumable checkpoint and the position it holds. */
    @Column(length = 2_000)
    public String checkpointPath;
    public int checkpointStep;
    public long checkpointLastExampleId;
    public long checkpointExamplesTrained;

    /** The best checkpoint by evaluation score. */
    @Column(length = 2_000)
    public String bestPath;
    public Double bestScore;
    @Column(length = 32)
    public String bestMetric;
    public Integer bestStep;

    public int lastEvalStep;
    public Double lastLoss;
    public Double examplesPerSecond;
    /** The step the last resume started from; null when the task never resumed. */
    public Integer resumedFromStep;

    @Column(length = 10_000)
    public String metricsJson;
    @Column(length = 10_000)
    public String baselineJson;
    /** Which model is served and why, each candidate's score, a collapse note and the datastore-fit warnings. */
    @Column(length = 20_000)
    public String servedJson;

    @Column(length = 64)
    public String completionReason;
    @Column(length = 4_000)
    public String failureReason;

    @Column(length = 2_000)
    public String modelPath;
    @Column(length = 2_000)
    public String reportPath;

    public Instant startedAt;
    public Instant completedAt;
}
