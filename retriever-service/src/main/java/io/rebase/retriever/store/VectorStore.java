package io.rebase.retriever.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where cell vectors live. Every implementation honours the same contract (see VectorStoreContract in the
 * tests): upserts by id, searches by cosine over unit vectors, excludes datasets, fetches a row's cells back,
 * finds the rows sharing a cell text (tie expansion). Searches return at most one cell per text and dataset (cells
 * with equal text hashes have equal vectors): k counts distinct texts, so thousands of copies of one label cannot fill
 * the top k, and which copy comes back does not matter because retrieval expands every text to its rows.
 */
public interface VectorStore extends AutoCloseable {

    /** Inserts or replaces points by id. Visible to searches after {@link #commit()}. */
    void upsert(List<VectorPoint> points);

    /** Makes upserts durable and visible. */
    void commit();

    /** The {@code k} cells nearest to {@code query} (approximate where the store indexes), best first. */
    List<SearchHit> search(float[] query, int k, Set<String> excludedDatasets);

    /** The exact {@code k} nearest cells (brute force), best first; the reference for recall checks. */
    List<SearchHit> exactSearch(float[] query, int k, Set<String> excludedDatasets);

    /** The {@code k} cells of one dataset nearest to {@code query}, best first. */
    List<SearchHit> searchWithin(float[] query, int k, String dataset);

    /** The exact {@code k} cells of one dataset nearest to {@code query}, best first; the reference for recall checks. */
    List<SearchHit> exactSearchWithin(float[] query, int k, String dataset);

    /**
     * For each of {@code textHashes}, the rows holding a cell with that text: at most {@code maxPerText} of them
     * per dataset, the first in {@link TieOrder}, never from {@code excludedDatasets}, only from {@code onlyDataset} unless it
     * is null. Texts no stored (admissible) cell holds are absent from the answer. This is how retrieval makes
     * ties between identical cells deterministic, the same for ANN and exact search.
     */
    Map<String, List<String>> rowsOfTexts(Collection<String> textHashes, int maxPerText, Set<String> excludedDatasets,
                                          String onlyDataset);

    /** Every stored cell of the given rows, with vectors, grouped by rowId. */
    Map<String, List<VectorPoint>> pointsOfRows(Collection<String> rowIds);

    /** Removes every cell of one config (a changed file is re-ingested from scratch). */
    void deleteConfig(String dataset, String config);

    /** Number of stored cells. */
    long count();

    @Override
    void close();
}
