package io.rebase.retriever.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rebase.contracts.TaskEventType;
import io.rebase.commons.events.TaskEvents;
import io.rebase.retriever.registry.Registry;
import io.rebase.retriever.registry.TaskEnd;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Cancels tasks: records the cancel in the registry (so that the task's request, if it is still to come or comes
 * again, is not retrieved) and publishes one CANCELLED event on task-events, on which the transformers drop the
 * task's rows and the trainer closes its session. The first end of a task wins: cancelling a task that is already
 * cancelled, completed or failed changes nothing.
 */
@ApplicationScoped
public class TaskCancellation {

    private static final Logger LOG = Logger.getLogger(TaskCancellation.class);

    /** What a cancel did. */
    public enum Effect {
        /** The task is cancelled now: CANCELLED was published. */
        CANCELLED,
        /** The task was cancelled before: nothing was done. */
        ALREADY_CANCELLED,
        /** The task had completed or failed: nothing was done. */
        ALREADY_ENDED
    }

    /**
     * The answer to a cancel.
     *
     * @param effect  what it did
     * @param end     the task's end after the call
     * @param message a sentence for the user
     */
    public record Outcome(Effect effect, TaskEnd end, String message) {
    }

    private final Registry registry;
    private final TaskEvents events;
    private final Counter cancelled;

    public TaskCancellation(Registry registry, TaskEvents events, MeterRegistry metrics) {
        this.registry = registry;
        this.events = events;
        this.cancelled = Counter.builder("rebase.tasks.cancelled").description("Tasks cancelled by a user").register(metrics);
    }

    /**
     * Cancels {@code taskId} (a valid task id), also one the retriever has not seen yet: its request may still wait
     * on task-requests, and it will not be retrieved. Synchronized so that two cancels of one replica publish once.
     *
     * @throws IllegalStateException when the broker did not acknowledge CANCELLED (a retry publishes it)
     */
    public synchronized Outcome cancel(String taskId) {
        Instant now = Instant.now();
        TaskEnd end = registry.recordEnd(taskId, TaskEventType.CANCELLED, now, null);
        if (!end.cancelled()) {
            return new Outcome(Effect.ALREADY_ENDED, end, "task '" + taskId + "' already " + end.outcome()
                    + " at " + end.endedAt() + ": nothing to cancel");
        }
        if (!end.recorded() && end.announcedAt() != null) {
            return new Outcome(Effect.ALREADY_CANCELLED, end, "task '" + taskId + "' was already cancelled at "
                    + end.endedAt() + ": nothing more to do");
        }
        // recorded now, or recorded earlier without its event on the broker: publish it (again)
        events.cancelled(taskId, "cancelled by a user: retrieval, transformation and training stop; "
                + "the examples stored so far stay exportable").await();
        Instant announced = Instant.now();
        registry.markEndAnnounced(taskId, announced);
        cancelled.increment();
        LOG.infof("task %s: cancelled", taskId);
        return new Outcome(Effect.CANCELLED, new TaskEnd(taskId, end.outcome(), end.endedAt(), announced, true),
                "task '" + taskId + "' cancelled: retrieval, transformation and training stop; "
                        + "the examples stored so far stay exportable");
    }
}
