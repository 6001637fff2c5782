package io.rebase.contracts;

import java.util.Map;

/**
 * A datastore row retrieved for a task, published on {@link Topics#CANDIDATE_ROWS} keyed by {@link #rowId()}.
 * It carries the whole task so that transformers stay stateless.
 *
 * @param rowId     {@code dataset/config/rowIndex}, stable across runs
 * @param taskId    the task this row was retrieved for
 * @param task      the task request (validated)
 * @param dataset   source dataset name
 * @param config    source config name
 * @param rowIndex  the row's position in its config
 * @param cells     column name to cell text
 * @param labels    the source config's label names, when it has any
 * @param scores    the ReBase signals
 * @param rank      1-based rank in the task's selection
 */
public record CandidateRow(String rowId, String taskId, TaskRequest task, String dataset, String config,
                          long rowIndex, Map<String, String> cells, java.util.List<String> labels,
                          RowScores scores, int rank) {

    /** The canonical row id of a datastore row. */
    public static String rowIdOf(String dataset, String config, long rowIndex) {
        return dataset + "/" + config + "/" + rowIndex;
    }
}
