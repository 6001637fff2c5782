package io.rebase.trainer.intake;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TrainingExample;
import io.rebase.trainer.metrics.TrainerMetrics;
import io.rebase.trainer.domain.AccountedRow;
import io.rebase.trainer.domain.StoredExample;
import io.rebase.trainer.domain.TaskStream;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Records what the consumers learn about each task: examples (deduplicated by exampleId), row outcomes, the
 * RETRIEVED count, upstream failures and the task request. Each call is one transaction, retried when another
 * consumer thread created the same task row at the same moment.
 */
@ApplicationScoped
public class StreamLedger {

    private static final Logger LOG = Logger.getLogger(StreamLedger.class);

    /** Outcome of storing a batch. */
    public record Stored(int stored, int duplicates) {
    }

    private final TrainerMetrics metrics;

    public StreamLedger(TrainerMetrics metrics) {
        this.metrics = metrics;
    }

    /** Stores new examples, counts and ignores duplicates (in the batch or already stored). */
    public Stored storeExamples(List<TrainingExample> examples) {
        Stored result = retrying(() -> QuarkusTransaction.requiringNew().call(() -> storeInTransaction(examples)));
        metrics.examplesStored(result.stored());
        metrics.duplicates(result.duplicates());
        return result;
    }

    private Stored storeInTransaction(List<TrainingExample> examples) {
        Set<String> ids = new HashSet<>();
        examples.forEach(e -> ids.add(e.exampleId()));
        Set<String> known = new HashSet<>(Panache.getEntityManager()
                .createQuery("select e.exampleId from StoredExample e where e.exampleId in :ids", String.class)
                .setParameter("ids", ids).getResultList());
        Instant now = Instant.now();
        Map<String, Integer> duplicatesByTask = new LinkedHashMap<>();
        Set<String> tasks = new HashSet<>();
        int stored = 0;
        for (TrainingExample e : examples) {
            tasks.add(e.taskId());
            if (!known.add(e.exampleId())) {
                duplicatesByTask.merge(e.taskId(), 1, Integer::sum);
                continue;
            }
            StoredExample s = new StoredExample();
            s.exampleId = e.exampleId();
            s.taskId = e.taskId();
            s.rowId = e.source() != null && e.source().rowId() != null ? e.source().rowId() : e.exampleId();
            s.inputJson = Json.write(e.input());
            s.output = e.output();
            s.rationale = e.rationale();
            if (e.source() != null) {
                s.dataset = e.source().dataset();
                s.datasetConfig = e.source().config();
                s.rowIndex = e.source().rowIndex();
            }
            s.mode = e.mode();
            s.scoresJson = e.scores() == null ? null : Json.write(e.scores());
            s.receivedAt = now;
            s.persist();
            account(e.taskId(), s.rowId, AccountedRow.Outcome.EXAMPLE, null);
            stored++;
        }
        for (String task : tasks) {
            ensureStream(task, now);
            Panache.getEntityManager().flush();
            Panache.getEntityManager().createQuery(
                            "update TaskStream s set s.duplicates = s.duplicates + :d, s.lastActivityAt = :now where s.taskId = :t")
                    .setParameter("d", (long) duplicatesByTask.getOrDefault(task, 0)).setParameter("now", now)
                    .setParameter("t", task).executeUpdate();
        }
        return new Stored(stored, duplicatesByTask.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** Records the RETRIEVED count (the latest one wins) and its details. */
    public void retrieved(String taskId, long count, Map<String, Object> details) {
        retrying(() -> QuarkusTransaction.requiringNew().call(() -> {
            TaskStream s = ensureStream(taskId, Instant.now());
            s.retrieved = count;
            s.retrievalDetailsJson = details == null || details.isEmpty() ? null : Json.write(details);
            s.lastActivityAt = Instant.now();
            return null;
        }));
    }

    /** Records that a retrieved row was rejected or dead-lettered (once per row and outcome). */
    public void rowOutcome(String taskId, String rowId, AccountedRow.Outcome outcome, String reason) {
        retrying(() -> QuarkusTransaction.requiringNew().call(() -> {
            TaskStream s = ensureStream(taskId, Instant.now());
            s.lastActivityAt = Instant.now();
            account(taskId, rowId, outcome, reason);
            return null;
        }));
    }

    /** Records that another service failed the task. */
    public void upstreamFailed(String taskId, String message) {
        retrying(() -> QuarkusTransaction.requiringNew().call(() -> {
            TaskStream s = ensureStream(taskId, Instant.now());
            if (s.upstreamFailure == null) {
                s.upstreamFailure = message == null ? "failed" : message;
            }
            return null;
        }));
    }

    /** Records that a user cancelled the task (the first cancel is kept); the next unit of work ends it. */
    public void cancelled(String taskId) {
        retrying(() -> QuarkusTransaction.requiringNew().call(() -> {
            TaskStream s = ensureStream(taskId, Instant.now());
            if (s.cancelledAt == null) {
                s.cancelledAt = Instant.now();
            }
            return null;
        }));
    }

    /** Notes activity on a known task (e.g. transform progress), which postpones the idle timeout. */
    public void touch(String taskId) {
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager()
                .createQuery("update TaskStream s set s.lastActivityAt = :now where s.taskId = :t")
                .setParameter("now", Instant.now()).setParameter("t", taskId).executeUpdate());
    }

    /** Stores the task's request; the first one seen for a task id is kept so that a running task's spec never changes. */
    public boolean request(TaskRequest request) {
        return retrying(() -> QuarkusTransaction.requiringNew().call(() -> {
            TaskStream s = ensureStream(request.taskId(), Instant.now());
            if (s.requestJson != null) {
                return false;
            }
            s.requestJson = Json.write(request);
            return true;
        }));
    }

    /** Opens the task's stream when it has none (so the task can be shown); true when no spec is stored for it. */
    public boolean lacksSpec(String taskId) {
        return retrying(() -> QuarkusTransaction.requiringNew().call(
                () -> ensureStream(taskId, Instant.now()).requestJson == null));
    }

    private static void account(String taskId, String rowId, AccountedRow.Outcome outcome, String reason) {
        long exists = AccountedRow.count("taskId = ?1 and rowId = ?2 and outcome = ?3", taskId, rowId, outcome);
        if (exists == 0) {
            AccountedRow row = new AccountedRow(taskId, rowId, outcome);
            // the datastore-fit warning says why rows were rejected; codes are short, a long message is cut
            row.reason = reason == null ? null : reason.length() > 64 ? reason.substring(0, 64) : reason;
            row.persist();
        }
    }

    private static TaskStream ensureStream(String taskId, Instant now) {
        TaskStream s = TaskStream.findById(taskId);
        if (s == null) {
            s = new TaskStream();
            s.taskId = taskId;
            s.createdAt = now;
            s.lastActivityAt = now;
            s.persist();
        }
        return s;
    }

    /** Retries a transaction that lost a race on creating the same task row. */
    private static <T> T retrying(Supplier<T> tx) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return tx.get();
            } catch (RuntimeException e) {
                last = e;
                LOG.debugf(e, "retrying ledger transaction (attempt %d)", attempt + 1);
            }
        }
        throw last;
    }
}
