package io.rebase.retriever.domain;

/** Where the ingestion of a dataset or config stands. */
public enum IngestStatus {
    PENDING, INGESTING, DONE, DONE_WITH_ERRORS, FAILED
}
