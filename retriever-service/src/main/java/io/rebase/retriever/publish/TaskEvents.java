package io.rebase.retriever.publish;

import io.rebase.commons.messaging.TaskEventPublisher;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The retriever's task events (REQUESTED, RETRIEVED, FAILED, CANCELLED), stamped with this service as their source. Each call
 * returns once the broker acknowledged the event: the input that caused it is acknowledged after that, so a crash
 * never loses an outcome a user follows.
 */
@ApplicationScoped
public class TaskEvents {

    /** How long a publisher waits for the broker's acknowledgement. */
    static final long ACK_TIMEOUT_SECONDS = 30;

    private final TaskEventPublisher publisher;

    public TaskEvents(TaskEventPublisher publisher) {
        this.publisher = publisher;
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

    /** A user cancelled the task. */
    public void cancelled(String taskId, String message) {
        publish(TaskEvent.cancelled(taskId, publisher.source(), message));
    }

    private void publish(TaskEvent event) {
        try {
            publisher.publish(event).toCompletableFuture().get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing " + event.type() + " for " + event.taskId(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + event.type() + " for " + event.taskId(), e);
        }
    }
}
