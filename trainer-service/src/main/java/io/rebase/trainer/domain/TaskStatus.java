package io.rebase.trainer.domain;

/** Where a task stands in the trainer. */
public enum TaskStatus {
    /** Examples or events arrived but the task request has not (yet). */
    WAITING_FOR_SPEC,
    /** The spec is known; no example has been trained yet. */
    WAITING_FOR_EXAMPLES,
    /** Examples wait while every training slot ({@code rebase.trainer.max-open-sessions}) is busy. */
    QUEUED,
    /** Training incrementally as examples arrive. */
    TRAINING,
    /** The stream is complete: final epochs, evaluation, baseline and report. */
    FINALISING,
    COMPLETED,
    FAILED,
    /** A user cancelled the task (CANCELLED on task-events): its session was closed; its examples stay exportable. */
    CANCELLED;

    /** Whether nothing more will happen to the task. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
