package io.rebase.contracts;

/**
 * The three ReBase signals of a retrieved row and their weighted combination, kept for inspection.
 *
 * @param input             best cell of the row vs the examples' inputs (cosine)
 * @param output            best cell of the row vs the examples' outputs (cosine)
 * @param description       the row's dataset description vs the task instruction (cosine)
 * @param combined          the weighted combination used for ranking
 * @param inputColumn       the column whose cell matched the inputs best
 * @param outputColumn      the column whose cell matched the outputs best
 */
public record RowScores(double input, double output, double description, double combined,
                        String inputColumn, String outputColumn) {
}
