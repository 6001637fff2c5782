package io.rebase.trainer.intake;

import io.rebase.commons.events.TaskEventReader;
import io.rebase.commons.resilience.Outages;
import io.rebase.commons.tracing.TaskTraces;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TaskRequest;
import io.rebase.trainer.domain.AccountedRow;
import io.rebase.trainer.training.TaskCompletion;
import io.rebase.trainer.training.TrainerEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the task-events feed: the retriever's REQUESTED event, the one source of a task's spec (the request the
 * retriever accepted, with the id it assigned), and what decides a stream's completeness: RETRIEVED counts, rejected
 * and dead-lettered rows, FAILED tasks and CANCELLED ones. The trainer's own events are skipped. REQUESTED also sets
 * the task's trace context (the trace its request started, or the one the retriever started for a request that
 * carried none); any other event gives a task the trainer knows no context of one (after a restart).
 */
@ApplicationScoped
public class TaskEventConsumer {

    private static final Logger LOG = Logger.getLogger(TaskEventConsumer.class);

    /** The types the trainer acts on: the spec, what decides a stream's completeness, activity. */
    private final TaskEventReader events = TaskEventReader.of(TaskEventType.REQUESTED, TaskEventType.RETRIEVED,
            TaskEventType.ROW_REJECTED, TaskEventType.ROW_DEAD_LETTERED, TaskEventType.FAILED, TaskEventType.CANCELLED,
            TaskEventType.TRANSFORM_PROGRESS);

    private final StreamLedger ledger;
    private final TaskCompletion completion;
    private final TrainerEvents own;
    private final TaskTraces traces;
    private final Outages outages;

    public TaskEventConsumer(StreamLedger ledger, TaskCompletion completion, TrainerEvents own, TaskTraces traces,
                             Outages outages) {
        this.ledger = ledger;
        this.completion = completion;
        this.own = own;
        this.traces = traces;
        this.outages = outages;
    }

    /**
     * Records the event; while the database is away it waits and tries again ({@code rebase.retry.*}), and once that
     * time is up the record is not acknowledged: the channel stops ({@code failure-strategy=fail}) and the event is
     * read again after the restart. An event that cannot be recorded while the database answers is skipped.
     */
    @Incoming("task-events-in")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        try {
            outages.retryingRun("recording the task event at offset " + record.offset(), () -> record(record));
        } catch (RuntimeException e) {
            if (outages.isOutage(e)) {
                throw e;
            }
            LOG.warnf(e, "ignoring task event at offset %d that cannot be recorded", record.offset());
        }
    }

    private void record(ConsumerRecord<String, String> record) {
        events.read(record.value(), record.offset()).filter(event -> !own.isOwn(event)).ifPresent(this::handle);
    }

    private void handle(TaskEvent event) {
        traces.remember(event.taskId(), event.type() == TaskEventType.REQUESTED);
        switch (event.type()) {
            case REQUESTED -> requested(event);
            case RETRIEVED -> ledger.retrieved(event.taskId(), event.count() == null ? 0 : event.count(), event.details());
            case ROW_REJECTED -> rowOutcome(event, AccountedRow.Outcome.REJECTED);
            case ROW_DEAD_LETTERED -> rowOutcome(event, AccountedRow.Outcome.DEAD_LETTERED);
            case FAILED -> ledger.upstreamFailed(event.taskId(), event.source() + ": " + event.message());
            case CANCELLED -> ledger.cancelled(event.taskId());
            case TRANSFORM_PROGRESS -> ledger.touch(event.taskId());
            default -> throw new IllegalStateException("not a type this consumer reads: " + event.type());
        }
    }

    /**
     * Stores the spec the event carries. REQUESTED is a task's one source of a spec, so one without a readable spec
     * for its own task id fails a task that has none yet, at once and announced, instead of leaving it to wait for a
     * spec that cannot come; a task that has its spec keeps it and the event is skipped.
     */
    private void requested(TaskEvent event) {
        Object task = event.details() == null ? null : event.details().get("task");
        if (task == null) {
            unusableSpec(event.taskId(), "no spec");
            return;
        }
        TaskRequest request;
        try {
            request = Json.mapper().convertValue(task, TaskRequest.class);
        } catch (IllegalArgumentException e) {
            unusableSpec(event.taskId(), "an unreadable spec (" + e.getMessage() + ")");
            return;
        }
        if (!event.taskId().equals(request.taskId()) || request.taskType() == null) {
            unusableSpec(event.taskId(), request.taskType() == null ? "a spec without a task type"
                    : "the spec of task " + request.taskId());
            return;
        }
        if (ledger.request(request)) {
            LOG.infof("task %s: spec received (%s)", request.taskId(), request.taskType().wireName());
        }
    }

    private void unusableSpec(String taskId, String what) {
        if (!ledger.lacksSpec(taskId)) {
            LOG.warnf("REQUESTED event for task %s carries %s; the task keeps the spec it has", taskId, what);
            return;
        }
        completion.fail(taskId, "its REQUESTED event carries " + what + ", and that event is a task's only source of"
                + " its spec", null, true);
    }

    private void rowOutcome(TaskEvent event, AccountedRow.Outcome outcome) {
        if (event.rowId() == null) {
            LOG.warnf("%s event for task %s without rowId ignored", event.type(), event.taskId());
            return;
        }
        ledger.rowOutcome(event.taskId(), event.rowId(), outcome, event.reason());
    }
}
