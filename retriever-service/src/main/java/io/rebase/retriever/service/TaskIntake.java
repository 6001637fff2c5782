package io.rebase.retriever.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rebase.commons.messaging.TaskEventPublisher;
import io.rebase.contracts.InvalidTaskRequestException;
import io.rebase.contracts.Json;
import io.rebase.contracts.RequestCaps;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TaskIds;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The front door of a task: parses and validates a raw request, assigns a task id when it has none,
 * and announces the outcome on the task-events topic (REQUESTED, or FAILED naming the field).
 */
@ApplicationScoped
public class TaskIntake {

    private static final Logger LOG = Logger.getLogger(TaskIntake.class);

    /** Every valid request fits (TaskLimits): the trainer can take its spec from REQUESTED. */
    private static final int MAX_TASK_ON_EVENT_CHARS = io.rebase.contracts.TaskLimits.MAX_STORED_REQUEST_BYTES;

    private final TaskEventPublisher events;
    private final RequestCaps caps;
    private final Counter requested;
    private final Counter invalid;

    public TaskIntake(TaskEventPublisher events, RequestCaps caps, MeterRegistry registry) {
        this.events = events;
        this.caps = caps;
        this.requested = Counter.builder("rebase.tasks.requested")
                .description("Valid task requests accepted").register(registry);
        this.invalid = Counter.builder("rebase.tasks.failed").tag("reason", "invalid-request")
                .description("Tasks that failed, by reason").register(registry);
    }

    /**
     * Accepts a request read from the topic.
     *
     * @param key  the record key (the task id users set), used to report failures of requests too broken to name one
     * @param json the record value
     * @return the valid request, with its task id
     * @throws InvalidTaskRequestException after a FAILED event was published
     */
    public TaskRequest accept(String key, String json) {
        TaskRequest request;
        try {
            request = TaskRequestParser.parse(json, caps);
        } catch (InvalidTaskRequestException e) {
            // An invalid key must not become a task id that others turn into folder names.
            String taskId = TaskIds.isValid(key) ? key : "unknown-" + UUID.randomUUID();
            LOG.warnf("rejected task request %s: %s", taskId, e.getMessage());
            await(TaskEvent.failed(taskId, events.source(), e.firstField(), e.getMessage()));
            invalid.increment();
            throw e;
        }
        if (request.taskId() == null) {
            request = request.withTaskId(TaskIds.isValid(key)
                    ? key : TaskIds.newId());
        }
        // The accepted request rides on the event: with the id assigned here, consumers that join later (the
        // trainer) learn the spec even when the user's record carried no task id.
        // Every valid request fits the event (TaskLimits.MAX_STORED_REQUEST_BYTES); one whose JSON grew past that
        // on re-serialising stays off it, and the trainer reads it from task-requests as usual.
        Map<String, Object> details = Json.write(request).length() <= MAX_TASK_ON_EVENT_CHARS ? Map.of("task", request) : Map.of();
        await(TaskEvent.of(request.taskId(), TaskEventType.REQUESTED, events.source(), null, "task accepted", details));
        requested.increment();
        return request;
    }

    private void await(TaskEvent event) {
        try {
            // The event must be on the broker before the request is acknowledged: a user following the task
            // would otherwise miss the outcome after a crash.
            events.publish(event).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + event.type() + " for " + event.taskId(), e);
        }
    }
}
