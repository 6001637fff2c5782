package io.rebase.trainer.state;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.contracts.Json;
import io.rebase.trainer.domain.AccountedRow;
import io.rebase.trainer.domain.CurvePoint;
import io.rebase.trainer.domain.StoredExample;
import io.rebase.trainer.domain.TaskStatus;
import io.rebase.trainer.domain.TaskStream;
import io.rebase.trainer.domain.TaskTraining;
import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.train.StepStats;
import io.rebase.trainer.plan.HeldOut;
import io.rebase.trainer.training.Position;
import io.rebase.trainer.training.RowCounts;
import io.rebase.trainer.training.StreamExample;
import io.rebase.trainer.training.StreamState;
import io.rebase.trainer.training.TrainingRecord;
import io.rebase.trainer.training.TrainingRecords;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The database side of training and of the REST views: every method is its own short transaction, and the training
 * record of a task changes only through the intent-named methods of {@link TrainingRecords}.
 */
@ApplicationScoped
public class TrainingRepository implements TrainingRecords {

    /** The consumer-side record of a task, detached; null when unknown. */
    public TaskStream stream(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> TaskStream.<TaskStream>findById(taskId));
    }

    /** The training record of a task, or null; detached. */
    public TaskTraining findTraining(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> TaskTraining.<TaskTraining>findById(taskId));
    }

    /** Tasks that are not finished (their training record is absent or not terminal). */
    @Override
    public List<String> activeTaskIds() {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createQuery(
                        "select s.taskId from TaskStream s where s.taskId not in "
                                + "(select t.taskId from TaskTraining t where t.status in :done) order by s.createdAt", String.class)
                .setParameter("done", List.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED)).getResultList());
    }

    @Override
    public RowCounts counts(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var em = Panache.getEntityManager();
            long examples = StoredExample.count("taskId", taskId);
            Map<String, Long> byOutcome = countsByOutcome(taskId);
            long accounted = em.createQuery("select count(distinct a.rowId) from AccountedRow a where a.taskId = :t", Long.class)
                    .setParameter("t", taskId).getSingleResult();
            TaskStream s = TaskStream.findById(taskId);
            return new RowCounts(examples, byOutcome.getOrDefault("REJECTED", 0L), byOutcome.getOrDefault("DEAD_LETTERED", 0L),
                    accounted, s == null ? 0 : s.duplicates);
        });
    }

    @Override
    public List<StreamExample> after(String taskId, long afterId, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> StoredExample.<StoredExample>find(
                "taskId = ?1 and id > ?2 order by id", taskId, afterId).page(0, limit).list()).stream()
                .map(e -> new StreamExample(e.id, e.exampleId, Examples.of(e))).toList();
    }

    @Override
    public List<Long> trainIds(String taskId, long upTo, double holdOut) {
        List<Long> out = new ArrayList<>();
        for (Object[] row : idsAndExampleIds(taskId, upTo)) {
            if (!HeldOut.isHeldOut((String) row[1], holdOut)) {
                out.add((Long) row[0]);
            }
        }
        return out;
    }

    @Override
    public List<GoldExample> heldOut(String taskId, long upTo, double holdOut, int max) {
        if (holdOut <= 0) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (Object[] row : idsAndExampleIds(taskId, upTo)) {
            if (ids.size() < max && HeldOut.isHeldOut((String) row[1], holdOut)) {
                ids.add((Long) row[0]);
            }
        }
        return byIds(ids).stream().map(e -> GoldExample.of(Examples.of(e))).toList();
    }

    private List<Object[]> idsAndExampleIds(String taskId, long upTo) {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createQuery(
                        "select e.id, e.exampleId from StoredExample e where e.taskId = :t and e.id <= :up order by e.id", Object[].class)
                .setParameter("t", taskId).setParameter("up", upTo).getResultList());
    }

    @Override
    public List<Example> examples(List<Long> ids) {
        return byIds(ids).stream().map(Examples::of).toList();
    }

    private List<StoredExample> byIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<StoredExample> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 500) {
            List<Long> chunk = ids.subList(i, Math.min(i + 500, ids.size()));
            out.addAll(QuarkusTransaction.requiringNew().call(() -> StoredExample.<StoredExample>list("id in ?1 order by id", chunk)));
        }
        return out;
    }

    private static void addLoss(String taskId, List<StepStats> stats, long examplesSeen) {
        Instant now = Instant.now();
        {
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
    }

    private static void addEval(String taskId, int step, double value, Map<String, Double> metrics, long examplesSeen) {
        {
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

    @Override
    public StreamState streamState(String taskId) {
        TaskStream s = stream(taskId);
        return s == null ? null : new StreamState(s.taskId, s.requestJson, s.retrieved, s.upstreamFailure, s.lastActivityAt,
                s.cancelledAt);
    }

    @Override
    @SuppressWarnings("unchecked")
    public TrainingRecord training(String taskId) {
        TaskTraining t = QuarkusTransaction.requiringNew().call(() -> load(taskId));
        TrainingRecord.Checkpoint checkpoint = t.checkpointPath == null ? null : new TrainingRecord.Checkpoint(t.checkpointPath,
                new Position(t.checkpointStep, t.checkpointLastExampleId, t.checkpointExamplesTrained));
        TrainingRecord.Best best = t.bestPath == null || t.bestScore == null ? null : new TrainingRecord.Best(t.bestPath,
                t.bestMetric, t.bestScore, t.bestStep == null ? 0 : t.bestStep,
                t.metricsJson == null ? Map.of() : Json.read(t.metricsJson, Map.class));
        return new TrainingRecord(t.status, new Position(t.steps, t.lastExampleId, t.examplesTrained), checkpoint,
                t.lastEvalStep, best);
    }

    @Override
    public void moveTo(String taskId, TaskStatus status) {
        update(taskId, t -> t.status = status);
    }

    @Override
    public void resumeAt(String taskId, Position position, Integer resumedFromStep) {
        update(taskId, t -> {
            place(t, position);
            if (resumedFromStep != null) {
                t.resumedFromStep = resumedFromStep;
            }
            t.lastEvalStep = Math.min(t.lastEvalStep, position.steps());
            CurvePoint.delete("taskId = ?1 and step > ?2", taskId, position.steps());
        });
    }

    @Override
    public void recordUnit(String taskId, Position position, List<StepStats> stats, double examplesPerSecond) {
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

    @Override
    public void recordFinalSteps(String taskId, Position position, List<StepStats> stats) {
        update(taskId, t -> {
            place(t, position);
            t.lastLoss = averageLoss(stats);
            addLoss(taskId, stats, position.examplesTrained());
        });
    }

    @Override
    public void recordEvaluation(String taskId, int step, double score, Map<String, Double> metrics, long examplesSeen) {
        update(taskId, t -> {
            t.lastEvalStep = step;
            if (metrics != null) {
                addEval(taskId, step, score, metrics, examplesSeen);
            }
        });
    }

    @Override
    public void recordBest(String taskId, TrainingRecord.Best best) {
        update(taskId, t -> {
            t.bestPath = best.path();
            t.bestScore = best.score();
            t.bestMetric = best.metric();
            t.bestStep = best.step();
            t.metricsJson = Json.write(best.metrics());
        });
    }

    @Override
    public void recordCheckpoint(String taskId, TrainingRecord.Checkpoint checkpoint) {
        update(taskId, t -> {
            t.checkpointPath = checkpoint.path();
            t.checkpointStep = checkpoint.position().steps();
            t.checkpointLastExampleId = checkpoint.position().lastExampleId();
            t.checkpointExamplesTrained = checkpoint.position().examplesTrained();
        });
    }

    @Override
    public void finalising(String taskId, String reason) {
        update(taskId, t -> {
            t.status = TaskStatus.FINALISING;
            t.completionReason = reason;
        });
    }

    @Override
    public Map<String, Long> rejectionReasons(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Long> out = new java.util.TreeMap<>();
            for (Object[] row : Panache.getEntityManager().createQuery("select coalesce(a.reason, 'unknown'), count(a) "
                            + "from AccountedRow a where a.taskId = :t and a.outcome = :o group by coalesce(a.reason, 'unknown')", Object[].class)
                    .setParameter("t", taskId).setParameter("o", AccountedRow.Outcome.REJECTED).getResultList()) {
                out.put(row[0].toString(), (Long) row[1]);
            }
            return out;
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> retrievalDetails(String taskId) {
        TaskStream s = stream(taskId);
        return s == null || s.retrievalDetailsJson == null ? Map.of() : Json.read(s.retrievalDetailsJson, Map.class);
    }

    @Override
    public void complete(String taskId, String modelPath, String reportPath, Map<String, Double> baseline,
                         Map<String, Object> served) {
        update(taskId, t -> {
            t.modelPath = modelPath;
            t.servedJson = served == null || served.isEmpty() ? null : Json.write(served);
            if (baseline != null) {
                t.baselineJson = Json.write(baseline);
            }
            t.status = TaskStatus.COMPLETED;
            t.completedAt = Instant.now();
            t.reportPath = reportPath;
        });
    }

    @Override
    public boolean fail(String taskId, String reason) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TaskTraining t = load(taskId);
            if (t.status.terminal()) {
                return false;
            }
            t.status = TaskStatus.FAILED;
            t.failureReason = reason;
            t.completedAt = Instant.now();
            return true;
        });
    }

    @Override
    public boolean cancel(String taskId) {
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

    /** The task's training record inside the current transaction, created when absent. */
    private static TaskTraining load(String taskId) {
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

    /** Rows per outcome (rejected, dead-lettered, example), inside the current transaction. */
    private static Map<String, Long> countsByOutcome(String taskId) {
        Map<String, Long> out = new HashMap<>();
        for (Object[] row : Panache.getEntityManager().createQuery(
                        "select a.outcome, count(a) from AccountedRow a where a.taskId = :t group by a.outcome", Object[].class)
                .setParameter("t", taskId).getResultList()) {
            out.put(row[0].toString(), (Long) row[1]);
        }
        return out;
    }
}
