package io.rebase.retriever.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rebase.commons.events.TaskEvents;
import io.rebase.commons.resilience.Outages;
import io.rebase.contracts.InvalidTaskRequestException;
import io.rebase.contracts.RequestCaps;
import io.rebase.contracts.TaskIds;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;

/**
 * The front door of a task, and the one owner of request acceptance: parses and validates a raw request and gives it
 * a task id when it has none (the record key when that is a valid id, else a new one). A request read from the topic
 * is announced on task-events (REQUESTED, or FAILED naming the field); one sent over HTTP is answered directly.
 */
@ApplicationScoped
public class TaskIntake {

    private static final Logger LOG = Logger.getLogger(TaskIntake.class);

    private final TaskEvents events;
    private final RequestCaps caps;
    private final Outages outages;
    private final Counter requested;
    private final Counter invalid;

    public TaskIntake(TaskEvents events, RequestCaps caps, MeterRegistry registry, Outages outages) {
        this.events = events;
        this.caps = caps;
        this.outages = outages;
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
            request = parse(json, key);
        } catch (InvalidTaskRequestException e) {
            // An invalid key must not become a task id that others turn into folder names.
            String taskId = TaskIds.isValid(key) ? key : "unknown-" + UUID.randomUUID();
            LOG.warnf("rejected task request %s: %s", taskId, e.getMessage());
            outages.deliver("FAILED of " + taskId, () -> events.failed(taskId, e.firstField(), e.getMessage()).acked());
            invalid.increment();
            throw e;
        }
        // The accepted request, with the id assigned here, rides on the event: it is the trainer's one source of
        // the task's spec. The parser refused any request too large for it (TaskLimits.MAX_STORED_REQUEST_BYTES).
        Map<String, Object> details = Map.of("task", request);
        outages.deliver("REQUESTED of " + request.taskId(), () -> events.requested(request.taskId(), details).acked());
        requested.increment();
        return request;
    }

    /**
     * Accepts a request sent over HTTP (to be produced to task-requests, or previewed): validated, with a new task id
     * when it has none. Publishes nothing.
     *
     * @throws InvalidTaskRequestException naming the fields at fault
     */
    public TaskRequest accept(String body) {
        return parse(body, null);
    }

    private TaskRequest parse(String json, String key) {
        TaskRequest request = TaskRequestParser.parse(json, caps);
        return request.taskId() != null ? request : request.withTaskId(TaskIds.isValid(key) ? key : TaskIds.newId());
    }
}
