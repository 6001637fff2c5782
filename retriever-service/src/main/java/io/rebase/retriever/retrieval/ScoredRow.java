package io.rebase.retriever.retrieval;

import io.rebase.contracts.RowScores;

import java.util.List;

/**
 * A candidate row and why it scored as it did.
 *
 * @param rowId      the row
 * @param dataset    its dataset
 * @param config     its config
 * @param rowIndex   its index
 * @param scores     the three ReBase signals and the combined score
 * @param labels     overlap of the task's labels with the row's config labels (classification), 0..1
 * @param extractive 1 when the output-like cell is a span of an input-like cell (extractive QA), else 0
 * @param shape      how well the config's shape, as read for this row, matches the examples' (1 = same): the typical
 *                   lengths of the columns read as input fields, and how often the output column occurs in each
 * @param columns    the row's embedded columns
 * @param cellVectors its cell vectors, for {@link #vector()}; not serialised
 * @param outputTextHash text hash of its output-like cell (label balance), null without one; not serialised
 */
public record ScoredRow(String rowId, String dataset, String config, long rowIndex, RowScores scores, double labels,
                        double extractive, double shape, List<String> columns,
                        @com.fasterxml.jackson.annotation.JsonIgnore List<float[]> cellVectors,
                        @com.fasterxml.jackson.annotation.JsonIgnore String outputTextHash) {

    /**
     * The unit mean of its cell vectors (near-duplicate check); computed on demand, since only the rows the selection
     * reaches need it, not the tens of thousands scored.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public float[] vector() {
        return Vectors.meanUnit(cellVectors);
    }
}
