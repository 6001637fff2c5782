package io.rebase.commons.events;

import io.rebase.contracts.TaskEvent;

import java.util.concurrent.CompletionStage;

/**
 * Where task events go: the task-events topic in a service ({@link io.rebase.commons.messaging.TaskEventPublisher}),
 * a list in a test. The stage completes when the event is stored (the broker acknowledged it) and fails when it is not.
 */
@FunctionalInterface
public interface EventSink {

    /** Sends {@code event}; the stage completes on the broker's acknowledgement. */
    CompletionStage<Void> publish(TaskEvent event);
}
