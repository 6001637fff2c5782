package io.rebase.trainer.state;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.trainer.domain.CurvePoint;
import io.rebase.trainer.domain.StoredExample;
import io.rebase.trainer.domain.TaskStream;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only queries of the REST views, the export and the reports; each its own short transaction. */
@ApplicationScoped
public class TaskQueries {

    /** Every task the consumers know, newest first. */
    public List<TaskStream> streams() {
        return QuarkusTransaction.requiringNew().call(() -> TaskStream.<TaskStream>listAll()).stream()
                .sorted(Comparator.comparing((TaskStream s) -> s.createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    /** Every example of the task in arrival order (export). */
    public List<StoredExample> all(String taskId, int offset, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> StoredExample.<StoredExample>find(
                "taskId = ?1 order by id", taskId).range(offset, offset + limit - 1).list());
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

    /** When the task's first and last examples were received, or null when none was. */
    public Instant[] receivedSpan(String taskId) {
        Object[] span = QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createQuery(
                        "select min(e.receivedAt), max(e.receivedAt) from StoredExample e where e.taskId = :t", Object[].class)
                .setParameter("t", taskId).getSingleResult());
        return span == null || span[0] == null ? null : new Instant[] {(Instant) span[0], (Instant) span[1]};
    }

    /** A task's loss or evaluation curve, by step. */
    public List<CurvePoint> curve(String taskId, CurvePoint.Kind kind) {
        return QuarkusTransaction.requiringNew().call(() -> CurvePoint.<CurvePoint>list(
                "taskId = ?1 and kind = ?2 order by step, id", taskId, kind));
    }
}
