package io.rebase.contracts;

/** The kinds of event on {@link Topics#TASK_EVENTS}. */
public enum TaskEventType {
    /** The retriever accepted a valid request. */
    REQUESTED,
    /** The retriever published {@code count} candidate rows; {@code details.datasetMix} holds rows per dataset
     * and, for a classification task with label balance, {@code details.labelMix} rows per task label. */
    RETRIEVED,
    /** A transformer's running totals for the task. */
    TRANSFORM_PROGRESS,
    /** A row could not become an example; {@code reason} says why. */
    ROW_REJECTED,
    /** A row exhausted its retries and went to the dead-letter topic. */
    ROW_DEAD_LETTERED,
    /** The trainer's progress: steps, loss, examples seen. */
    TRAINING_PROGRESS,
    /** An evaluation result: {@code details} holds the metrics. */
    EVALUATED,
    /**
     * Something the user should know that does not stop the task, such as a datastore that does not fit it:
     * {@code reason} is a code ({@code no-usable-rows}, {@code few-usable-rows}, {@code low-relevance}), {@code message}
     * says what happened, {@code details.advice} what would help, and the rest of {@code details} the figures behind it.
     */
    WARNING,
    /** The task is done; {@code details} points to the model and report. */
    COMPLETED,
    /** The task failed; {@code reason} (and {@code field} for invalid requests) say why. */
    FAILED,
    /**
     * A user cancelled the task ({@code DELETE /tasks/{id}} on the retriever, {@code rebase cancel}): published once,
     * by the retriever. Retrieval, transformation and training of the task stop; the examples stored so far stay
     * exportable from the trainer.
     */
    CANCELLED;

    /** Whether no further event follows for the task. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
