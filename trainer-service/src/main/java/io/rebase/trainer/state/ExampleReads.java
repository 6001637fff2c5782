package io.rebase.trainer.state;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.trainer.domain.StoredExample;
import io.rebase.trainer.plan.HeldOut;
import io.rebase.trainer.training.StreamExample;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads of a task's stored examples for training: the stream after an id, the training and held-out split (by
 * {@link HeldOut}), and examples by id in chunks of 500. What {@link TrainingRepository} answers for the example
 * methods of {@link io.rebase.trainer.training.TrainingRecords}.
 */
final class ExampleReads {

    private ExampleReads() {
    }

    static List<StreamExample> after(String taskId, long afterId, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> StoredExample.<StoredExample>find(
                "taskId = ?1 and id > ?2 order by id", taskId, afterId).page(0, limit).list()).stream()
                .map(e -> new StreamExample(e.id, e.exampleId, Examples.of(e))).toList();
    }

    static List<Long> trainIds(String taskId, long upTo, double holdOut) {
        List<Long> out = new ArrayList<>();
        for (Object[] row : idsAndExampleIds(taskId, upTo)) {
            if (!HeldOut.isHeldOut((String) row[1], holdOut)) {
                out.add((Long) row[0]);
            }
        }
        return out;
    }

    static List<GoldExample> heldOut(String taskId, long upTo, double holdOut, int max) {
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

    private static List<Object[]> idsAndExampleIds(String taskId, long upTo) {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createQuery(
                        "select e.id, e.exampleId from StoredExample e where e.taskId = :t and e.id <= :up order by e.id", Object[].class)
                .setParameter("t", taskId).setParameter("up", upTo).getResultList());
    }

    static List<Example> examples(List<Long> ids) {
        return byIds(ids).stream().map(Examples::of).toList();
    }

    private static List<StoredExample> byIds(List<Long> ids) {
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
}
