package io.rebase.retriever.store;

/**
 * A cell found by a vector search.
 *
 * @param id       the cell's point id
 * @param rowId    its row
 * @param dataset  its dataset
 * @param score    cosine similarity to the query
 * @param textHash the hash of its text (see {@link VectorPoint#textHash()}), or null where the index has none
 */
public record SearchHit(String id, String rowId, String dataset, float score, String textHash) {

    /** A hit without a text hash. */
    public SearchHit(String id, String rowId, String dataset, float score) {
        this(id, rowId, dataset, score, null);
    }
}
