package io.rebase.retriever.retrieval;

/**
 * How candidates are searched ({@code rebase.retriever.retrieval.*}).
 *
 * @param annK                nearest distinct texts per query vector
 * @param annEfFactor         HNSW explores {@code annK} times this and keeps the best {@code annK}
 * @param tieExpansionMax     rows per dataset a hit on a shared text stands for
 * @param descriptionDatasets datasets searched by themselves because their description matches the instruction best
 * @param descriptionK        cells searched within each of them
 */
public record SearchSettings(int annK, double annEfFactor, int tieExpansionMax, int descriptionDatasets, int descriptionK) {

    /** HNSW explores about k candidates: asking for more and keeping the best k raises recall. */
    int ef(int k) {
        return Math.max(k, (int) Math.round(k * annEfFactor));
    }
}
