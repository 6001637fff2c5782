package io.rebase.transformer.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rebase.commons.events.TaskEvents;
import io.rebase.commons.resilience.Outages;
import io.rebase.commons.resilience.Retry;
import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequestValidator;
import io.rebase.contracts.Violation;
import io.rebase.transformer.domain.Outcome;
import io.rebase.transformer.domain.RejectReasons;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transformer's core, free of any messaging framework: parses one raw candidate-rows record, picks the
 * mode, transforms the row, publishes its single outcome (example, ROW_REJECTED event, or dead letter plus
 * ROW_DEAD_LETTERED event) and waits for the broker's acknowledgement. The caller acknowledges the incoming
 * record only when {@link #process} returned, which gives at-least-once delivery; a row processed twice
 * (after a replica died between publishing and committing) yields the same deterministic exampleId, so
 * readers deduplicate. Thread-safe: many rows are processed concurrently.
 */
public final class CandidateRowProcessor {

    private static final System.Logger LOG = System.getLogger(CandidateRowProcessor.class.getName());

    /** What happened to one record. {@code taskId}/{@code rowId} are null when the record was unreadable. */
    public record Processed(String taskId, String rowId, String mode, Outcome outcome) {
    }

    private final RowTransformer mapping;
    private final RowTransformer llm;
    private final String defaultMode;
    private final OutcomePublisher publisher;
    private final TaskEvents events;
    private final TransformStats stats;
    private final Retry delivery;
    private final Timer rowTimer;
    private final Timer publishTimer;
    private final CancelledTasks cancelled;
    /** Tasks whose LLM work this replica stopped (budget spent, model without a price): FAILED was published. */
    private final Set<String> stoppedTasks = ConcurrentHashMap.newKeySet();

    /**
     * @param llm         null when no LLM is configured (auto then means mapping)
     * @param defaultMode auto, llm or mapping: the mode of tasks that name none
     */
    public CandidateRowProcessor(RowTransformer mapping, RowTransformer llm, String defaultMode,
                                 OutcomePublisher publisher, TransformStats stats, MeterRegistry registry,
                                 Duration publishTimeout) {
        this(mapping, llm, defaultMode, publisher, stats, registry, publishTimeout, new CancelledTasks());
    }

    /**
     * @param cancelled the tasks a user cancelled: their rows are rejected ({@code task-cancelled}) untransformed
     */
    public CandidateRowProcessor(RowTransformer mapping, RowTransformer llm, String defaultMode,
                                 OutcomePublisher publisher, TransformStats stats, MeterRegistry registry,
                                 Duration publishTimeout, CancelledTasks cancelled) {
        this.cancelled = cancelled;
        this.mapping = mapping;
        this.llm = llm;
        this.defaultMode = defaultMode == null ? "auto" : defaultMode.toLowerCase(Locale.ROOT);
        this.publisher = publisher;
        this.events = new TaskEvents(publisher::event, publisher.source());
        this.stats = stats;
        // a broker outage is ridden out for publishTimeout in all; a send the producer gave up on is sent again
        this.delivery = new Retry(publishTimeout, Duration.ofSeconds(1), Duration.ofSeconds(15));
        this.rowTimer = Timer.builder("rebase.transform.row").description("time per candidate row, outcome published")
                .register(registry);
        this.publishTimer = Timer.builder("rebase.transform.publish")
                .description("time from publishing a row's outcome to the broker's acknowledgement").register(registry);
    }

    /**
     * Transforms the record and publishes its outcome; returns once the broker acknowledged it. While the broker is
     * away the outcome waits (it is not transformed again, so an LLM is not asked twice), for {@code publishTimeout}
     * in all; after that the error goes to the caller and the record is nacked.
     */
    public Processed process(String key, String value) {
        long start = System.nanoTime();
        Processed processed = transform(key, value);
        long published = System.nanoTime();
        try {
            delivery.deliver("the outcome of row " + processed.rowId(), () -> publish(key, value, processed),
                    Outages::isBrokerOutage);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("interrupted while publishing the outcome of " + processed.rowId());
            }
            throw new IllegalStateException("cannot publish the outcome of row " + processed.rowId() + ": " + e, e);
        }
        long end = System.nanoTime();
        stats.record(processed.taskId(), processed.mode(), processed.outcome());
        publishTimer.record(Duration.ofNanos(end - published));
        rowTimer.record(Duration.ofNanos(end - start));
        return processed;
    }

    /** The outcome of one record, without publishing it. */
    public Processed transform(String key, String value) {
        CandidateRow row;
        try {
            row = Json.mapper().readValue(value, CandidateRow.class);
        } catch (Exception e) {
            return malformed(key, value, "not a CandidateRow: " + firstLine(e.getMessage()));
        }
        String problem = problemOf(row);
        if (problem != null) {
            return malformed(key, value, problem);
        }
        String mode = modeOf(row);
        if (cancelled.isCancelled(row.taskId())) {
            // counted as a rejection (event, metric, totals) so that every row still ends as exactly one outcome
            return new Processed(row.taskId(), row.rowId(), mode, Outcome.rejected(RejectReasons.TASK_CANCELLED,
                    "the task was cancelled: row not transformed"));
        }
        if (mode.equals("llm") && llm == null) {
            return new Processed(row.taskId(), row.rowId(), mode, Outcome.deadLettered(RejectReasons.LLM_NOT_CONFIGURED,
                    "the task asks for transform.mode=llm but this replica has no LLM endpoint configured"));
        }
        RowTransformer transformer = mode.equals("llm") ? llm : mapping;
        try {
            return new Processed(row.taskId(), row.rowId(), mode, transformer.transform(row));
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            // the class only: an exception's message may quote a provider's answer or the row itself
            LOG.log(System.Logger.Level.WARNING, "unexpected error on row " + row.rowId() + " of task " + row.taskId(), e);
            return new Processed(row.taskId(), row.rowId(), mode,
                    Outcome.deadLettered(RejectReasons.UNEXPECTED_ERROR, e.getClass().getSimpleName()));
        }
    }

    /** Publishes the outcome; the stage completes when every record of it is acknowledged. */
    public CompletionStage<Void> publish(String key, String value, Processed p) {
        Outcome outcome = p.outcome();
        if (outcome instanceof Outcome.Transformed t) {
            return publisher.example(t.example());
        }
        // A second send follows an acknowledgement asynchronously (thenComposeAsync): a Kafka producer completes its
        // acknowledgements on its network thread, and a send from there that needs a topic's metadata waits for that
        // very thread, i.e. blocks for max.block.ms (60 s).
        if (outcome instanceof Outcome.Rejected r) {
            CompletionStage<Void> rejected = events.rowRejected(p.taskId(), p.rowId(), r.reason(), r.message()).acked();
            if (RejectReasons.stopsTask(r.reason()) && !stoppedTasks.contains(p.taskId())) {
                // once per task and replica, remembered only when acknowledged: the trainer ends the task on FAILED
                // instead of waiting for rows (rows in flight together may each send one, which changes nothing)
                return rejected.thenComposeAsync(v -> events.failed(p.taskId(), "transform", r.reason(), r.message()).acked())
                        .thenRun(() -> stoppedTasks.add(p.taskId()));
            }
            return rejected;
        }
        Outcome.DeadLettered d = (Outcome.DeadLettered) outcome;
        CompletionStage<Void> dead = publisher.deadLetter(key, value, d.reason(), d.message());
        if (p.taskId() == null) {
            return dead;
        }
        // the event lets the trainer count the row without reading the dead-letter topic
        return dead.thenComposeAsync(v -> events.rowDeadLettered(p.taskId(), p.rowId(), d.reason() + ": " + d.message()).acked());
    }

    /** The mode of the row's task: its own setting, else the service default; auto resolves to llm only when one is configured. */
    String modeOf(CandidateRow row) {
        String requested = row.task().transform() == null || row.task().transform().mode() == null
                ? defaultMode : row.task().transform().mode().toLowerCase(Locale.ROOT);
        if (requested.equals("auto")) {
            return llm != null ? "llm" : "mapping";
        }
        return requested;
    }

    private static String problemOf(CandidateRow row) {
        if (row == null) {
            return "empty record";
        }
        if (row.rowId() == null || row.rowId().isBlank()) {
            return "rowId is missing";
        }
        if (row.taskId() == null || row.taskId().isBlank()) {
            return "taskId is missing";
        }
        if (row.task() == null) {
            return "task is missing";
        }
        if (row.cells() == null || row.cells().isEmpty()) {
            return "cells are missing";
        }
        List<Violation> violations = TaskRequestValidator.validate(row.task());
        if (!violations.isEmpty()) {
            Violation v = violations.get(0);
            return "invalid task: task." + v.field() + ": " + v.message();
        }
        return null;
    }

    private static Processed malformed(String key, String value, String message) {
        String taskId = null;
        String rowId = key;
        try {
            JsonNode node = Json.mapper().readTree(value);
            if (node != null && node.hasNonNull("taskId")) {
                taskId = node.get("taskId").asText();
            }
            if (node != null && node.hasNonNull("rowId")) {
                rowId = node.get("rowId").asText();
            }
        } catch (Exception unreadable) {
            // no task to notify: the dead-letter record is all there is
        }
        return new Processed(taskId, rowId, "none", Outcome.deadLettered(RejectReasons.MALFORMED_RECORD, message));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A completed stage, for publishers with nothing to do. */
    static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
