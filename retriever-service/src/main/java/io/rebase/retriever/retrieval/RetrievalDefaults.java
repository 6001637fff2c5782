package io.rebase.retriever.retrieval;

/**
 * The configured retrieval settings ({@code rebase.retriever.retrieval.*}); a request's {@code retrieval} block
 * overrides some of them ({@link RetrievalPlan}).
 *
 * @param topRows                N rows selected
 * @param maxDatasetShare        share of N one dataset may hold
 * @param weights                how the signals combine
 * @param nearDuplicateThreshold cosine above which a row is a near-duplicate of a better one
 * @param decontaminationNgram   word n-gram length of the overlap check
 * @param exact                  brute-force search for every task
 * @param labelBalance           equal label shares for classification tasks
 * @param skipForeignLabels      skip the rows only a relabelling LLM could use, unless the task says otherwise
 * @param search                 the candidate search
 */
public record RetrievalDefaults(int topRows, double maxDatasetShare, Weights weights, double nearDuplicateThreshold,
                                int decontaminationNgram, boolean exact, boolean labelBalance, boolean skipForeignLabels,
                                SearchSettings search) {
}
