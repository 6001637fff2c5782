package io.rebase.trainer.training;

/** Writes a completed task's reports into its folder (implemented by the report package). */
public interface TaskReports {

    /** Writes the task's reports. */
    void write(String taskId);
}
