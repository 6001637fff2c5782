package io.rebase.trainer.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.rebase.commons.resilience.Outages;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskIds;
import io.rebase.contracts.TrainingExample;
import io.rebase.trainer.metrics.TrainerMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumes {@code training-examples} in batches: parses each record, dead-letters the malformed ones with a reason,
 * stores the rest (deduplicated by exampleId). Training happens elsewhere, on the worker pool.
 */
@ApplicationScoped
public class TrainingExampleConsumer {

    private static final Logger LOG = Logger.getLogger(TrainingExampleConsumer.class);

    private final StreamLedger ledger;
    private final DeadLetters deadLetters;
    private final TrainerMetrics metrics;
    private final Outages outages;

    public TrainingExampleConsumer(StreamLedger ledger, DeadLetters deadLetters, TrainerMetrics metrics, Outages outages) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.outages = outages;
    }

    @Incoming("training-examples")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        metrics.received(records.count());
        List<TrainingExample> valid = new ArrayList<>();
        List<ConsumerRecord<String, String>> sources = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            String problem;
            TrainingExample example = null;
            try {
                example = Json.mapper().readValue(r.value() == null ? "" : r.value(), TrainingExample.class);
                problem = problemOf(example);
            } catch (JsonProcessingException e) {
                problem = "malformed JSON: " + e.getOriginalMessage();
            }
            if (problem != null) {
                LOG.warnf("dead-lettering training example at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), problem);
                metrics.malformed();
                deadLetters.send(r, problem);
            } else {
                valid.add(example);
                sources.add(r);
            }
        }
        if (valid.isEmpty()) {
            return;
        }
        try {
            store(valid);
        } catch (DatabaseOutage e) {
            throw e;
        } catch (RuntimeException batchFailure) {
            // One unstorable example (e.g. a value beyond the column limits) must not block the others.
            LOG.warnf(batchFailure, "storing a batch of %d examples failed; storing them one by one", valid.size());
            for (int i = 0; i < valid.size(); i++) {
                try {
                    store(List.of(valid.get(i)));
                } catch (DatabaseOutage e) {
                    throw e;
                } catch (RuntimeException e) {
                    metrics.malformed();
                    deadLetters.send(sources.get(i), "cannot store example: " + e.getMessage());
                }
            }
        }
    }

    /**
     * Stores examples (idempotent: by exampleId), waiting and trying again while the database is away. An outage
     * longer than {@code rebase.retry.max-wait} is thrown on, so that the batch is not acknowledged (the channel
     * stops, {@code failure-strategy=fail}, and the batch is read again after the restart): only an example the
     * database refuses while it answers is the record's fault and dead-lettered.
     */
    private void store(List<TrainingExample> examples) {
        try {
            outages.retrying("storing " + examples.size() + " example(s)", () -> ledger.storeExamples(examples));
        } catch (RuntimeException e) {
            if (outages.isOutage(e)) {
                throw new DatabaseOutage(e);
            }
            throw e;
        }
    }

    /** The database stayed away longer than the retry allows: the batch must not be acknowledged. */
    static final class DatabaseOutage extends IllegalStateException {
        DatabaseOutage(Throwable cause) {
            super("the database is unreachable: the batch is not acknowledged and will be read again", cause);
        }
    }

    /** What makes a parsed example unusable, or null. */
    static String problemOf(TrainingExample e) {
        if (e == null) {
            return "empty record: expected a TrainingExample JSON object";
        }
        if (blank(e.exampleId())) {
            return "exampleId: missing";
        }
        if (e.exampleId().length() > 64) {
            return "exampleId: longer than 64 characters";
        }
        if (blank(e.taskId())) {
            return "taskId: missing";
        }
        if (!TaskIds.isValid(e.taskId())) {
            return "taskId: " + TaskIds.problem(e.taskId()).orElseThrow();
        }
        if (e.input() == null || e.input().isEmpty()) {
            return "input: missing or empty";
        }
        if (e.input().values().stream().anyMatch(v -> v == null)) {
            return "input: null field value";
        }
        if (e.output() == null) {
            return "output: missing";
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
