package io.rebase.contracts;

/**
 * Where a training example came from.
 *
 * @param rowId    the candidate row id
 * @param dataset  source dataset
 * @param config   source config
 * @param rowIndex row position in the config
 */
public record SourceRef(String rowId, String dataset, String config, long rowIndex) {
}
