package io.rebase.commons.events;

import io.rebase.contracts.TaskEvent;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A task event handed to the sink. A caller that must not move on before the event is stored (a terminal event, an
 * outcome whose input is acknowledged next) calls {@link #await()}; one that composes stages takes {@link #acked()};
 * progress that the next report supersedes may ignore both.
 *
 * @param event the event as sent
 * @param acked completes when the broker acknowledged the event
 */
public record SentEvent(TaskEvent event, CompletionStage<Void> acked) {

    /** How long {@link #await()} waits for the broker's acknowledgement. */
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Blocks until the broker acknowledged the event, at most {@link #ACK_TIMEOUT}.
     *
     * @throws IllegalStateException naming the event type and task when it was refused, timed out or interrupted
     */
    public void await() {
        try {
            acked.toCompletableFuture().get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing " + event.type() + " for " + event.taskId(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + event.type() + " for " + event.taskId(), e);
        }
    }
}
