package io.rebase.trainer.training;

import io.rebase.student.data.GoldExample;
import io.rebase.student.eval.EvalReport;

import java.util.List;

/** Writes a completed task's reports into its folder (implemented by the report package). */
public interface TaskReports {

    /**
     * Writes the task's reports.
     *
     * @param gold            the final evaluation's examples
     * @param finalEvaluation its report, with one prediction per example; null when there was nothing to evaluate
     */
    void write(String taskId, List<GoldExample> gold, EvalReport finalEvaluation);
}
