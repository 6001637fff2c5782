package io.rebase.trainer.training;

/**
 * What is known about a task's rows.
 *
 * @param examples      distinct examples stored
 * @param rejected      rows rejected by the transformer
 * @param deadLettered  rows dead-lettered by the transformer
 * @param accountedRows distinct rows with any of these outcomes
 * @param duplicates    duplicate examples ignored
 */
public record RowCounts(long examples, long rejected, long deadLettered, long accountedRows, long duplicates) {
}
