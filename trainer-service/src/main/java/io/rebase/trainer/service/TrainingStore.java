package io.rebase.trainer.service;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.contracts.Json;
import io.rebase.trainer.domain.CurvePoint;
import io.rebase.trainer.domain.StoredExample;
import io.rebase.trainer.domain.TaskStatus;
import io.rebase.trainer.domain.TaskStream;
import io.rebase.trainer.domain.TaskTraining;
import io.rebase.student.train.StepStats;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Database access of the training workers and the REST views; every method is its own short transaction. */
@ApplicationScoped
public class TrainingStore {

    /**
     * What is known about a task's rows.
     *
     * @param examples      distinct examples stored
     * @param rejected      rows rejected by the transformer
     * @param deadLettered  rows dead-lettered by the transformer
     * @param accountedRows distinct rows with any of these outcomes
     * @param duplicates    duplicate examples ignored
     */
    public record Counts(long examples, long rejected, long deadLettered, long accountedRows, long duplicates) {
    }

    /** The consumer-side record of a task, detached; null when unknown. */
    public TaskStream stream(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> TaskStream.<TaskStream>findById(taskId));
    }

    /** Every task the consumers know, newest first. */
    public List<TaskStream> streams() {
        return QuarkusTransaction.requiringNew().call(() -> TaskStream.<TaskStream>listAll()).stream()
                .sorted(Comparator.comparing((TaskStream s) -> s.createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    /** The training record of a task, created when absent; detached. */
    public TaskTraining training(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TaskTraining t = TaskTraining.findById(taskId);
            if (t == null) {
                t = new TaskTraining();
                t.taskId = taskId;
                t.persist();
            }
            return t;
        });
    }

    /** The training record of a task, or null; detached. */
    public TaskTraining findTraining(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> TaskTraining.<TaskTraining>findById(taskId));
    }

    /** Writes a training record back. */
    public void save(TaskTraining training) {
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().merge(training));
    }

    /** Tasks that are not finished (their training record is absent or not terminal). */
    public List<String> activeTaskIds() {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createQuery(
                        "select s.taskId from TaskStream s where s.taskId not in "
                                + "(select t.taskId from TaskTraining t where t.status in :done) order by s.createdAt", String.class)
                .setParameter("done", List.of(TaskStatus.COMPLETED, TaskStatus.FAILED)).getResultList());
    }

    public Counts counts(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var em = Panache.getEntityManager();
            long examples = StoredExample.count("taskId", taskId);
            Map<String, Long> byOutcome = StreamLedger.countsByOutcome(taskId);
            long accounted = em.createQuery("select count(distinct a.rowId) from AccountedRow a where a.taskId = :t", Long.class)
                    .setParameter("t", taskId).getSingleResult();
            TaskStream s = TaskStream.findById(taskId);
            return new Counts(examples, byOutcome.getOrDefault("REJECTED", 0L), byOutcome.getOrDefault("DEAD_LETTERED", 0L),
                    accounted, s == null ? 0 : s.duplicates);
        });
    }

    /** Up to {@code limit} examples of the task stored after {@code afterId}, in arrival order. */
    public List<StoredExample> after(String taskId, long afterId, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> StoredExample.<StoredExample>find(
                "taskId = ?1 and id > ?2 order by id", taskId, afterId).page(0, limit).list());
    }

    /** Every example of the task in arrival order (export). */
    public List<StoredExample> all(String taskId, int offset, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> StoredExample.<StoredExample>find(
                "taskId = ?1 order by id", taskId).range(offset, offset + limit - 1).list());
    }

    /** Ids of the training (not held-out) examples up to {@code upTo}. */
    public List<Long> trainIds(String taskId, long upTo, double holdOut) {
        List<Long> out = new ArrayList<>();
        for (Object[] row : idsAndExampleIds(taskId, upTo)) {
            if (!HeldOut.isHeldOut((String) row[1], holdOut)) {
                out.add((Long) row[0]);
            }
        }
        return out;
    }

    /** The held-out examples up to {@code upTo}, at most {@code max}, in arrival order. */
    public List<StoredExample> heldOut(String taskId, long upTo, double holdOut, int max) {
        if (holdOut <= 0) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (Object[] row : idsAndExampleIds(taskId, upTo)) {
            if (ids.size() < max && HeldOut.isHeldOut((String) row[1], holdOut)) {
                ids.add((Long) row[0]);
            }
        }
        return byIds(ids);
    }

    private List<Object[]> idsAndExampleIds(String taskId, long upTo) {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createQuery(
                        "select e.id, e.exampleId from StoredExample e where e.taskId = :t and e.id <= :up order by e.id", Object[].class)
                .setParameter("t", taskId).setParameter("up", upTo).getResultList());
    }

    /** The examples with the given ids, in id order. */
    public List<StoredExample> byIds(List<Long> ids) {
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

    /** Examples per source dataset. */
    public Map<String, Long> datasetMix(String taskId) {
        Map<String, Long> mix = new LinkedHashMap<>();
        QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createQuery(
                        "select coalesce(e.dataset, '(unknown)'), count(e) from StoredExample e where e.taskId = :t "
                                + "group by coalesce(e.dataset, '(unknown)') order by count(e) desc", Object[].class)
                .setParameter("t", taskId).getResultList()).forEach(r -> mix.put((String) r[0], (Long) r[1]));
        return mix;
    }

    public void addLoss(String taskId, List<StepStats> stats, long examplesSeen) {
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
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
        });
    }

    public void addEval(String taskId, int step, double value, Map<String, Double> metrics, long examplesSeen) {
        QuarkusTransaction.requiringNew().run(() -> {
            CurvePoint p = new CurvePoint();
            p.taskId = taskId;
            p.kind = CurvePoint.Kind.EVAL;
            p.step = step;
            p.value = value;
            p.metricsJson = Json.write(metrics);
            p.examplesSeen = examplesSeen;
            p.recordedAt = Instant.now();
            p.persist();
        });
    }

    /** Drops curve points beyond {@code step} (training resumed from an earlier checkpoint). */
    public void truncateCurves(String taskId, int step) {
        QuarkusTransaction.requiringNew().run(() -> CurvePoint.delete("taskId = ?1 and step > ?2", taskId, step));
    }

    public List<CurvePoint> curve(String taskId, CurvePoint.Kind kind) {
        return QuarkusTransaction.requiringNew().call(() -> CurvePoint.<CurvePoint>list(
                "taskId = ?1 and kind = ?2 order by step, id", taskId, kind));
    }
}
