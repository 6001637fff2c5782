package io.rebase.trainer.state;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.student.train.StepStats;
import io.rebase.trainer.domain.CurvePoint;
import io.rebase.trainer.domain.OutboxEvent;
import io.rebase.trainer.domain.TaskStatus;
import io.rebase.trainer.domain.TaskStream;
import io.rebase.trainer.domain.TaskTraining;
import io.rebase.trainer.training.Position;
import io.rebase.trainer.training.TrainingRecord;

import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The writes of a task's training record and curve, each its own short transaction: what {@link TrainingRepository}
 * does for the intent-named methods of {@link io.rebase.trainer.training.TrainingRecords} (their Javadoc says what
 * each records). The worker of a task is the only writer of its record.
 */
final class TrainingWrites {

    private TrainingWrites() {
    }

    static void moveTo(String taskId, TaskStatus status) {
        update(taskId, t -> t.status = status);
    }

    static void resumeAt(String taskId, Position position, Integer resumedFromStep) {
        update(taskId, t -> {
            place(t, position);
            if (resumedFromStep != null) {
                t.resumedFromStep = resumedFromStep;
            }
            t.lastEvalStep = Math.min(t.lastEvalStep, position.steps());
            CurvePoint.delete("taskId = ?1 and step > ?2", taskId, position.steps());
        });
    }

    static void recordUnit(String taskId, Position position, List<StepStats> stats, double examplesPerSecond) {
        update(taskId, t -> {
            place(t, position);
            if (t.startedAt == null) {
                t.startedAt = Instant.now();
            }
            t.status = TaskStatus.TRAINING;
            if (!stats.isEmpty()) {
                t.lastLoss = averageLoss(stats);
                t.examplesPerSecond = examplesPerSecond;
                addLoss(taskId, stats, position.examplesTrained());
            }
        });
    }

    static void recordFinalSteps(String taskId, Position position, List<StepStats> stats) {
        update(taskId, t -> {
            place(t, position);
            t.lastLoss = averageLoss(stats);
            addLoss(taskId, stats, position.examplesTrained());
        });
    }

    static void recordEvaluation(String taskId, int step, double score, Map<String, Double> metrics, long examplesSeen) {
        update(taskId, t -> {
            t.lastEvalStep = step;
            if (metrics != null) {
                addEval(taskId, step, score, metrics, examplesSeen);
            }
        });
    }

    static void recordBest(String taskId, TrainingRecord.Best best) {
        update(taskId, t -> {
            t.bestPath = best.path();
            t.bestScore = best.score();
            t.bestMetric = best.metric();
            t.bestStep = best.step();
            t.metricsJson = Json.write(best.metrics());
        });
    }

    static void recordCheckpoint(String taskId, TrainingRecord.Checkpoint checkpoint) {
        update(taskId, t -> {
            t.checkpointPath = checkpoint.path();
            t.checkpointStep = checkpoint.position().steps();
            t.checkpointLastExampleId = checkpoint.position().lastExampleId();
            t.checkpointExamplesTrained = checkpoint.position().examplesTrained();
        });
    }

    static void finalising(String taskId, String reason) {
        update(taskId, t -> {
            t.status = TaskStatus.FINALISING;
            t.completionReason = reason;
        });
    }

    static boolean complete(String taskId, String modelPath, String reportPath, Map<String, Double> baseline,
                            Map<String, Object> served, List<TaskEvent> announce) {
        return QuarkusTransaction.requiringNew().call(() -> {
            // the stream row locked: a CANCELLED read meanwhile (StreamLedger.cancelled) either committed before, and
            // the task is not completed, or waits for this transaction and finds the task ended
            TaskStream stream = Panache.getEntityManager().find(TaskStream.class, taskId, LockModeType.PESSIMISTIC_WRITE);
            TaskTraining t = load(taskId);
            if (t.status.terminal() || stream != null && stream.cancelledAt != null) {
                return false;
            }
            announce.forEach(TrainingWrites::toOutbox);
            t.modelPath = modelPath;
            t.servedJson = served == null || served.isEmpty() ? null : Json.write(served);
            if (baseline != null) {
                t.baselineJson = Json.write(baseline);
            }
            t.status = TaskStatus.COMPLETED;
            t.completedAt = Instant.now();
            t.reportPath = reportPath;
            return true;
        });
    }

    static boolean fail(String taskId, String reason, TaskEvent announce) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TaskTraining t = load(taskId);
            if (t.status.terminal()) {
                return false;
            }
            if (announce != null) {
                toOutbox(announce);
            }
            t.status = TaskStatus.FAILED;
            t.failureReason = reason;
            t.completedAt = Instant.now();
            return true;
        });
    }

    static boolean cancel(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TaskTraining t = load(taskId);
            if (t.status.terminal()) {
                return false;
            }
            t.status = TaskStatus.CANCELLED;
            t.completedAt = Instant.now();
            return true;
        });
    }

    /** Stores an event in the outbox inside the current transaction; {@code OutboxRelay} publishes it. */
    private static void toOutbox(TaskEvent event) {
        OutboxEvent o = new OutboxEvent();
        o.taskId = event.taskId();
        o.type = event.type().name();
        o.eventJson = Json.write(event);
        o.createdAt = Instant.now();
        o.persist();
    }

    /** The task's training record inside the current transaction, created when absent. */
    static TaskTraining load(String taskId) {
        TaskTraining t = TaskTraining.findById(taskId);
        if (t == null) {
            t = new TaskTraining();
            t.taskId = taskId;
            t.persist();
        }
        return t;
    }

    /** Changes the task's training record in one transaction (the worker of the task is its only writer). */
    private static void update(String taskId, Consumer<TaskTraining> change) {
        QuarkusTransaction.requiringNew().run(() -> change.accept(load(taskId)));
    }

    private static void place(TaskTraining t, Position position) {
        t.steps = position.steps();
        t.lastExampleId = position.lastExampleId();
        t.examplesTrained = position.examplesTrained();
    }

    private static double averageLoss(List<StepStats> stats) {
        return stats.stream().mapToDouble(StepStats::loss).average().orElse(Double.NaN);
    }

    private static void addLoss(String taskId, List<StepStats> stats, long examplesSeen) {
        Instant now = Instant.now();
        for (StepStats s : stats) {
            CurvePoint p = new CurvePoint();
            p.taskId = taskId;
            p.kind = CurvePoint.Kind.LOSS;
            p.step = s.step();
            p.value = s.loss();
            p.examplesSeen = examplesSeen;
            p.recordedAt = now;
            p.persist();
        }
    }

    private static void addEval(String taskId, int step, double value, Map<String, Double> metrics, long examplesSeen) {
        CurvePoint p = new CurvePoint();
        p.taskId = taskId;
        p.kind = CurvePoint.Kind.EVAL;
        p.step = step;
        p.value = value;
        p.metricsJson = Json.write(metrics);
        p.examplesSeen = examplesSeen;
        p.recordedAt = Instant.now();
        p.persist();
    }
}
