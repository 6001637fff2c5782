package io.rebase.transformer.domain;

import java.util.Map;

/**
 * One replica's running totals for a task (REST {@code GET /tasks/{id}/stats} and TRANSFORM_PROGRESS details).
 *
 * @param rows              rows processed (= transformed + rejected + deadLettered)
 * @param rejectedByReason  rejections per reason code
 */
public record TaskTotals(String taskId, String replica, long rows, long transformed, long rejected,
                         Map<String, Long> rejectedByReason, long deadLettered, long promptTokens,
                         long completionTokens, double costUsd) {
}
