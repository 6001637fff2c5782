package io.rebase.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a task's progress feed, published on {@link Topics#TASK_EVENTS} keyed by taskId.
 *
 * @param taskId    the task (may be null for a request too broken to carry one)
 * @param type      what happened
 * @param timestamp when
 * @param source    the emitting service
 * @param count     a count, where the type has one (RETRIEVED rows, progress totals)
 * @param rowId     the row concerned (ROW_REJECTED, ROW_DEAD_LETTERED)
 * @param reason    a short machine-friendly reason code or message (ROW_REJECTED, FAILED)
 * @param field     the offending field of an invalid request (FAILED)
 * @param message   a human-readable sentence
 * @param details   type-specific extras (dataset mix, metrics, curves, paths)
 */
public record TaskEvent(String taskId, TaskEventType type, Instant timestamp, String source, Long count,
                        String rowId, String reason, String field, String message, Map<String, Object> details) {

    public static TaskEvent requested(String taskId, String source) {
        return new TaskEvent(taskId, TaskEventType.REQUESTED, Instant.now(), source, null, null, null, null,
                "task accepted", Map.of());
    }

    public static TaskEvent failed(String taskId, String source, String field, String reason) {
        String message = field == null ? reason : field + ": " + reason;
        return new TaskEvent(taskId, TaskEventType.FAILED, Instant.now(), source, null, null, reason, field,
                message, Map.of());
    }

    /** A user cancelled the task; {@code message} says by what and what stops. */
    public static TaskEvent cancelled(String taskId, String source, String message) {
        return new TaskEvent(taskId, TaskEventType.CANCELLED, Instant.now(), source, null, null, "cancelled", null,
                message, Map.of());
    }

    public static TaskEvent retrieved(String taskId, String source, long count, Map<String, Object> details) {
        return new TaskEvent(taskId, TaskEventType.RETRIEVED, Instant.now(), source, count, null, null, null,
                count + " candidate rows", details);
    }

    public static TaskEvent rowRejected(String taskId, String source, String rowId, String reason, String message) {
        return new TaskEvent(taskId, TaskEventType.ROW_REJECTED, Instant.now(), source, null, rowId, reason, null,
                message, Map.of());
    }

    public static TaskEvent rowDeadLettered(String taskId, String source, String rowId, String message) {
        return new TaskEvent(taskId, TaskEventType.ROW_DEAD_LETTERED, Instant.now(), source, null, rowId,
                "dead-lettered", null, message, Map.of());
    }

    /**
     * This event cut to fit the limits of {@link TaskLimits}: message, reason and field to
     * {@link TaskLimits#MAX_EVENT_TEXT_CHARS}, details dropped (and {@code details.truncated} set) when their JSON is
     * longer than {@link TaskLimits#MAX_EVENT_DETAILS_CHARS}. An event about a huge field is thereby always publishable.
     */
    public TaskEvent fitted() {
        int max = TaskLimits.MAX_EVENT_TEXT_CHARS;
        Map<String, Object> fittedDetails = details;
        if (details != null && !details.isEmpty() && Json.write(details).length() > TaskLimits.MAX_EVENT_DETAILS_CHARS) {
            fittedDetails = Map.of("truncated", true);
        }
        return new TaskEvent(TaskLimits.cut(taskId, TaskLimits.MAX_TASK_ID_LENGTH * 2), type, timestamp,
                TaskLimits.cut(source, 200), count, TaskLimits.cut(rowId, max), TaskLimits.cut(reason, max),
                TaskLimits.cut(field, max), TaskLimits.cut(message, max), fittedDetails);
    }

    /** Any other event type with a count and extras. */
    public static TaskEvent of(String taskId, TaskEventType type, String source, Long count, String message,
                               Map<String, Object> details) {
        return new TaskEvent(taskId, type, Instant.now(), source, count, null, null, null, message,
                details == null ? Map.of() : details);
    }
}
