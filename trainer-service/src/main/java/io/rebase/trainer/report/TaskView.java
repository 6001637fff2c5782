package io.rebase.trainer.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the trainer knows about a task, as served by {@code GET /tasks/{id}} and written to its report.
 *
 * @param taskId            the task
 * @param status            see {@link io.rebase.trainer.domain.TaskStatus}
 * @param instruction       the request's instruction (null until the request was seen)
 * @param taskType          the request's task type
 * @param labels            classification labels
 * @param counts            retrieved, examples, examplesTrained, rejected, deadLettered, duplicates, accountedRows
 * @param steps             optimiser steps
 * @param lastLoss          loss of the last training unit
 * @param examplesPerSecond training throughput of the last unit
 * @param primaryMetric     the metric ranking checkpoints
 * @param bestScore         best evaluation score
 * @param bestStep          step of the best checkpoint
 * @param metrics           metrics of the best checkpoint (the served model)
 * @param baseline          metrics of the few-shot-only baseline
 * @param completionReason  all-rows-accounted or idle-timeout
 * @param failureReason     why the task failed
 * @param modelPath         the served checkpoint
 * @param reportPath        the JSON report
 * @param resumedFromStep   the step training resumed from after a restart, if it did
 * @param createdAt         when the trainer first heard of the task
 * @param startedAt         first training step
 * @param completedAt       completion or failure
 * @param lossCurve         {step, loss} per optimiser step
 * @param evalCurve         {step, score, metrics} per evaluation
 * @param retrieval         the RETRIEVED event's details (dataset mix as the retriever saw it)
 * @param datasetMix        stored examples per source dataset
 * @param served            which model is served and why, each candidate's score, the collapse note and the
 *                          datastore-fit warnings (empty until completed)
 * @param exampleSample     a few stored training examples spread over the stream: input, output, rationale, source
 *                          row and its retrieval scores (null when the example carried none)
 * @param stageSeconds      seconds per stage (see {@link StageTimes})
 */
public record TaskView(String taskId, String status, String instruction, String taskType, List<String> labels,
                       Map<String, Long> counts, int steps, Double lastLoss, Double examplesPerSecond,
                       String primaryMetric, Double bestScore, Integer bestStep, Map<String, Object> metrics,
                       Map<String, Object> baseline, String completionReason, String failureReason, String modelPath,
                       String reportPath, Integer resumedFromStep, Instant createdAt, Instant startedAt,
                       Instant completedAt, List<Map<String, Object>> lossCurve, List<Map<String, Object>> evalCurve,
                       Map<String, Object> retrieval, Map<String, Long> datasetMix, Map<String, Object> served,
                       List<Map<String, Object>> exampleSample, Map<String, Double> stageSeconds) {
}
