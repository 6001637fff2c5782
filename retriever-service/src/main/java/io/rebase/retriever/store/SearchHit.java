package io.rebase.retriever.store;

/**
 * A cell found by a vector search.
 *
 * @param id      the cell's point id
 * @param rowId   its row
 * @param dataset its dataset
 * @param score   cosine similarity to the query
 */
public record SearchHit(String id, String rowId, String dataset, float score) {
}
