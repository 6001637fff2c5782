package io.rebase.trainer.training;

/** A user cancelled the task while a unit of work was finishing it: the unit stops where it is. */
public final class TaskCancelledException extends RuntimeException {

    public TaskCancelledException(String taskId) {
        super("task " + taskId + " was cancelled");
    }
}
