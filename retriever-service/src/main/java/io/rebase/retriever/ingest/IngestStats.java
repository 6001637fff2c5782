package io.rebase.retriever.ingest;

/**
 * What one ingest run did, for reports and benchmarks.
 *
 * @param rows             rows ingested
 * @param cells            cells embedded and stored
 * @param skippedRows      malformed records skipped
 * @param seconds          wall-clock time of the run
 * @param cellsPerSecond   cells / seconds
 * @param embeddedTexts    distinct texts sent to the model (repeated cells such as labels are embedded once)
 * @param embeddingSeconds time spent inside the model
 * @param savedEmbeddings  cells that needed no model call: their text was embedded earlier in the run or is in
 *                         the ingest's embedding cache (cells - embeddedTexts, as the run counts them)
 */
public record IngestStats(long rows, long cells, long skippedRows, double seconds, double cellsPerSecond,
                          long embeddedTexts, double embeddingSeconds, long savedEmbeddings) {
}
