package io.rebase.commons.events;

import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;

import java.time.Instant;
import java.util.Map;

/**
 * The typed task events of a service: one method per event type, each stamping this service as the source and
 * handing the event to the sink. Callers say what happened; whether to wait for the broker is theirs to choose on the
 * returned {@link SentEvent}. The JSON of each event is the {@link TaskEvent} record's, the same for every service.
 * Framework-free: a service builds it from its publisher and name ({@code TaskEventsProducer}), a test from a list.
 */
public final class TaskEvents {

    private final EventSink sink;
    private final String source;

    public TaskEvents(EventSink sink, String source) {
        this.sink = sink;
        this.source = source;
    }

    /** The name this service stamps on its events. */
    public String source() {
        return source;
    }

    /** Whether {@code event} is one of this service's own (a service may read the topic it writes). */
    public boolean isOwn(TaskEvent event) {
        return source.equals(event.source());
    }

    /** REQUESTED: a valid request was accepted; {@code details} may carry the request itself. */
    public SentEvent requested(String taskId, Map<String, Object> details) {
        return send(TaskEvent.of(taskId, TaskEventType.REQUESTED, source, null, "task accepted", details));
    }

    /** RETRIEVED: the task's candidate rows, all acknowledged, number {@code count}. */
    public SentEvent retrieved(String taskId, long count, Map<String, Object> details) {
        return send(TaskEvent.retrieved(taskId, source, count, details));
    }

    /** TRANSFORM_PROGRESS: a transformer replica's running totals, {@code count} examples made. */
    public SentEvent transformProgress(String taskId, long count, String message, Map<String, Object> details) {
        return send(TaskEvent.of(taskId, TaskEventType.TRANSFORM_PROGRESS, source, count, message, details));
    }

    /** ROW_REJECTED: a row could not become an example, {@code reason} a code, {@code message} the sentence. */
    public SentEvent rowRejected(String taskId, String rowId, String reason, String message) {
        return send(TaskEvent.rowRejected(taskId, source, rowId, reason, message));
    }

    /** ROW_DEAD_LETTERED: a row went to the dead-letter topic. */
    public SentEvent rowDeadLettered(String taskId, String rowId, String message) {
        return send(TaskEvent.rowDeadLettered(taskId, source, rowId, message));
    }

    /** TRAINING_PROGRESS at {@code steps}. */
    public SentEvent trainingProgress(String taskId, long steps, String message, Map<String, Object> details) {
        return send(TaskEvent.of(taskId, TaskEventType.TRAINING_PROGRESS, source, steps, message, details));
    }

    /** EVALUATED at {@code step}; {@code details} holds the metrics. */
    public SentEvent evaluated(String taskId, long step, String message, Map<String, Object> details) {
        return send(TaskEvent.of(taskId, TaskEventType.EVALUATED, source, step, message, details));
    }

    /** WARNING: something the user should know that does not stop the task; {@code code} goes in {@code reason}. */
    public SentEvent warning(String taskId, String code, String message, Map<String, Object> details) {
        return send(new TaskEvent(taskId, TaskEventType.WARNING, Instant.now(), source, null, null, code, null, message,
                details == null ? Map.of() : details));
    }

    /** COMPLETED after {@code steps}; {@code details} points to the model and report. */
    public SentEvent completed(String taskId, long steps, String message, Map<String, Object> details) {
        return send(TaskEvent.of(taskId, TaskEventType.COMPLETED, source, steps, message, details));
    }

    /** FAILED naming the request field at fault (null when none is); the message is {@code "field: reason"}. */
    public SentEvent failed(String taskId, String field, String reason) {
        return send(TaskEvent.failed(taskId, source, field, reason));
    }

    /** FAILED with a reason code, the stage at fault as {@code field} and a sentence of its own. */
    public SentEvent failed(String taskId, String field, String reason, String message) {
        return send(new TaskEvent(taskId, TaskEventType.FAILED, Instant.now(), source, null, null, reason, field, message,
                Map.of()));
    }

    /** CANCELLED: a user stopped the task; {@code message} says what stops and what is kept. */
    public SentEvent cancelled(String taskId, String message) {
        return send(TaskEvent.cancelled(taskId, source, message));
    }

    private SentEvent send(TaskEvent event) {
        return new SentEvent(event, sink.publish(event));
    }
}
