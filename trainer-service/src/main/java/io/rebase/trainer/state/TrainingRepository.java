package io.rebase.trainer.state;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.trainer.domain.AccountedRow;
import io.rebase.trainer.domain.StoredExample;
import io.rebase.trainer.domain.TaskStatus;
import io.rebase.trainer.domain.TaskStream;
import io.rebase.trainer.domain.TaskTraining;
import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.train.StepStats;
import io.rebase.trainer.training.Position;
import io.rebase.trainer.training.RowCounts;
import io.rebase.trainer.training.StreamExample;
import io.rebase.trainer.training.StreamState;
import io.rebase.trainer.training.TrainingRecord;
import io.rebase.trainer.training.TrainingRecords;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * The database side of training and of the REST views: every method is its own short transaction, and the training
 * record of a task changes only through the intent-named methods of {@link TrainingRecords}. This class answers the
 * queries (stream state, row counts, the training record, rejection reasons); the writes are {@link TrainingWrites}'
 * and the example reads {@link ExampleReads}'.
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

    /**
     * Tasks that are not finished (their training record is absent or not terminal), oldest first; tasks first seen in
     * the same batch of examples in the order of their ids, so that the order is the same at every look.
     */
    @Override
    public List<String> activeTaskIds() {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createQuery(
                        "select s.taskId from TaskStream s where s.taskId not in "
                                + "(select t.taskId from TaskTraining t where t.status in :done) order by s.createdAt, s.taskId", String.class)
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
        return ExampleReads.after(taskId, afterId, limit);
    }

    @Override
    public List<Long> trainIds(String taskId, long upTo, double holdOut) {
        return ExampleReads.trainIds(taskId, upTo, holdOut);
    }

    @Override
    public List<GoldExample> heldOut(String taskId, long upTo, double holdOut, int max) {
        return ExampleReads.heldOut(taskId, upTo, holdOut, max);
    }

    @Override
    public List<Example> examples(List<Long> ids) {
        return ExampleReads.examples(ids);
    }

    @Override
    public StreamState streamState(String taskId) {
        TaskStream s = stream(taskId);
        return s == null ? null : new StreamState(s.taskId, s.requestJson, s.retrieved, s.upstreamFailure, s.lastActivityAt,
                s.createdAt, s.cancelledAt);
    }

    @Override
    @SuppressWarnings("unchecked")
    public TrainingRecord training(String taskId) {
        TaskTraining t = QuarkusTransaction.requiringNew().call(() -> TrainingWrites.load(taskId));
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
        TrainingWrites.moveTo(taskId, status);
    }

    @Override
    public void resumeAt(String taskId, Position position, Integer resumedFromStep) {
        TrainingWrites.resumeAt(taskId, position, resumedFromStep);
    }

    @Override
    public void recordUnit(String taskId, Position position, List<StepStats> stats, double examplesPerSecond) {
        TrainingWrites.recordUnit(taskId, position, stats, examplesPerSecond);
    }

    @Override
    public void recordFinalSteps(String taskId, Position position, List<StepStats> stats) {
        TrainingWrites.recordFinalSteps(taskId, position, stats);
    }

    @Override
    public void recordEvaluation(String taskId, int step, double score, Map<String, Double> metrics, long examplesSeen) {
        TrainingWrites.recordEvaluation(taskId, step, score, metrics, examplesSeen);
    }

    @Override
    public void recordBest(String taskId, TrainingRecord.Best best) {
        TrainingWrites.recordBest(taskId, best);
    }

    @Override
    public void recordCheckpoint(String taskId, TrainingRecord.Checkpoint checkpoint) {
        TrainingWrites.recordCheckpoint(taskId, checkpoint);
    }

    @Override
    public void finalising(String taskId, String reason) {
        TrainingWrites.finalising(taskId, reason);
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
    public boolean complete(String taskId, String modelPath, String reportPath, Map<String, Double> baseline,
                            Map<String, Object> served, List<TaskEvent> announce) {
        return TrainingWrites.complete(taskId, modelPath, reportPath, baseline, served, announce);
    }

    @Override
    public boolean fail(String taskId, String reason, TaskEvent announce) {
        return TrainingWrites.fail(taskId, reason, announce);
    }

    @Override
    public boolean cancel(String taskId) {
        return TrainingWrites.cancel(taskId);
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
