package io.rebase.transformer.service;

import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TrainingExample;

import java.util.concurrent.CompletionStage;

/**
 * Where row outcomes go. Each stage completes when the broker acknowledged the record, so that the
 * incoming row is acknowledged (its offset committed) only after its outcome is safely stored.
 */
public interface OutcomePublisher {

    /** The example on training-examples, keyed by taskId. */
    CompletionStage<Void> example(TrainingExample example);

    /** An event on task-events, keyed by taskId. */
    CompletionStage<Void> event(TaskEvent event);

    /** The original record on candidate-rows-dlq with the reason and message as headers. */
    CompletionStage<Void> deadLetter(String key, String value, String reason, String message);

    /** The service name stamped on events. */
    String source();
}
