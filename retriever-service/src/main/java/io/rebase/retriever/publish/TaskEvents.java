package io.rebase.retriever.publish;

import io.rebase.commons.messaging.TaskEventPublisher;
import io.rebase.commons.resilience.Outages;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * The retriever's task events (REQUESTED, RETRIEVED, FAILED), stamped with this service as their source. Each call
 * returns once the broker acknowledged the event: the input that caused it is acknowledged after that, so a crash
 * never loses an outcome a user follows. A broker outage is ridden out ({@code rebase.retry.max-wait}): the event
 * waits in the producer, and is sent again only when the producer gave up on it.
 */
@ApplicationScoped
public class TaskEvents {

    private final TaskEventPublisher publisher;
    private final Outages outages;

    public TaskEvents(TaskEventPublisher publisher, Outages outages) {
        this.publisher = publisher;
        this.outages = outages;
    }

    /** A valid request was accepted; {@code details} may carry the request itself. */
    public void requested(String taskId, Map<String, Object> details) {
        publish(TaskEvent.of(taskId, TaskEventType.REQUESTED, publisher.source(), null, "task accepted", details));
    }

    /** The task's candidate rows, all acknowledged, number {@code count}. */
    public void retrieved(String taskId, int count, Map<String, Object> details) {
        publish(TaskEvent.retrieved(taskId, publisher.source(), count, details));
    }

    /** The task failed; {@code field} names the request field at fault, null when none is. */
    public void failed(String taskId, String field, String reason) {
        publish(TaskEvent.failed(taskId, publisher.source(), field, reason));
    }

    private void publish(TaskEvent event) {
        try {
            outages.deliver(event.type() + " of " + event.taskId(), () -> publisher.publish(event));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot publish " + event.type() + " for " + event.taskId(), e);
        }
    }
}
