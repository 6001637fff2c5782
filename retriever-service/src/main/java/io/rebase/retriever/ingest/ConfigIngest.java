package io.rebase.retriever.ingest;

import io.micrometer.core.instrument.Counter;
import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.Json;
import io.rebase.retriever.domain.IngestStatus;
import io.rebase.retriever.registry.IngestRegistry;
import io.rebase.retriever.registry.IngestRegistry.ConfigState;
import io.rebase.retriever.registry.IngestRegistry.StoredRow;
import io.rebase.retriever.store.VectorPoint;
import io.rebase.retriever.store.VectorStore;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One config's resumable ingest run, fed record by record by {@link RowReader}: records before the checkpoint are
 * passed over; rows are embedded in batches ({@link EmbeddingCache}) whose index write overlaps the embedding of the
 * next batch; every {@code checkpoint-rows} rows the index is committed first, then the rows and the next record
 * number in one registry transaction. A crash therefore loses at most one checkpoint interval, and a restarted run
 * continues from the checkpoint (re-written points have the same ids).
 */
final class ConfigIngest {

    private static final Logger LOG = Logger.getLogger(ConfigIngest.class);
    private static final int MAX_ERRORS_KEPT = 50;

    /**
     * What a run shares with every other.
     *
     * @param cap            rows per config, 0 = all
     * @param batchRows      rows embedded together
     * @param checkpointRows rows between checkpoints
     * @param writer         the single thread that writes the index
     */
    record Parts(int cap, int batchRows, int checkpointRows, CellText cellText, EmbeddingCache embeddings, VectorStore store,
                 IngestRegistry registry, IngestMetrics metrics, Executor writer) {
    }

    private final Parts parts;
    private final String dataset;
    private final String config;
    private final String id;
    private final String fileName;
    private final IngestProgress progress;
    private final Counter rowsCounter;
    private final Counter cellsCounter;
    private final Counter skippedCounter;
    private final List<String> errors = new ArrayList<>();
    private final List<Map.Entry<Long, Map<String, String>>> batch = new ArrayList<>();
    private final List<StoredRow> pendingRows = new ArrayList<>();
    private CompletableFuture<Void> pendingWrite = CompletableFuture.completedFuture(null);
    private long nextRecord;
    private long seen;
    private long rows;
    private long cells;
    private long skipped;
    private long addedRows;
    private long addedCells;
    private long addedSkipped;
    private boolean capReached;

    /** A run of config {@code config} of {@code dataset} (data file {@code fileName}) from its checkpoint {@code state}. */
    ConfigIngest(Parts parts, String dataset, String config, String fileName, ConfigState state) {
        this.parts = parts;
        this.dataset = dataset;
        this.config = config;
        this.id = state.id();
        this.fileName = dataset + "/" + fileName;
        this.nextRecord = state.nextRecord();
        this.rows = state.rows();
        this.cells = state.cells();
        this.skipped = state.skippedRows();
        if (state.errors() != null && !state.errors().isBlank()) {
            errors.addAll(List.of(state.errors().split("\n")));
        }
        this.progress = new IngestProgress(id, parts.cap());
        this.rowsCounter = parts.metrics().rows(dataset);
        this.cellsCounter = parts.metrics().cells(dataset);
        this.skippedCounter = parts.metrics().skipped(dataset);
        if (nextRecord > 0) {
            LOG.infof("[%s] resuming at record %d (%d rows done)", id, nextRecord, rows);
        }
    }

    /** One record of the file ({@link RowReader.Sink}); false once the row cap is reached. */
    boolean accept(long ordinal, long line, Map<String, String> row, String error) {
        if (ordinal < nextRecord) {
            return true;
        }
        if (parts.cap() > 0 && rows + batch.size() >= parts.cap()) {
            capReached = true;
            return false;
        }
        seen = ordinal + 1;
        if (error != null) {
            skip(fileName + ":" + line + ": " + error);
            return true;
        }
        batch.add(Map.entry(ordinal, row));
        if (batch.size() >= parts.batchRows()) {
            flushBatch();
        }
        if (pendingRows.size() >= parts.checkpointRows()) {
            checkpoint(false);
        }
        return true;
    }

    private void skip(String message) {
        LOG.warnf("[%s] skipped record: %s", id, message);
        if (errors.size() < MAX_ERRORS_KEPT) {
            errors.add(message);
        }
        skipped++;
        addedSkipped++;
        skippedCounter.increment();
    }

    /** Embeds the batch and hands its points to the writer (after the previous batch's write finished). */
    private void flushBatch() {
        if (batch.isEmpty()) {
            return;
        }
        List<Map<String, String>> embeddable = new ArrayList<>(batch.size());
        List<Map<String, String>> hashesOfRows = new ArrayList<>(batch.size());
        Map<String, String> textByHash = new LinkedHashMap<>();
        for (Map.Entry<Long, Map<String, String>> e : batch) {
            Map<String, String> cellsOfRow = parts.cellText().embeddable(e.getValue());
            embeddable.add(cellsOfRow);
            Map<String, String> hashes = new HashMap<>();
            hashesOfRows.add(hashes);
            cellsOfRow.forEach((column, text) -> {
                String cut = parts.cellText().cut(text);
                String hash = VectorPoint.textHashOf(cut);
                hashes.put(column, hash);
                textByHash.putIfAbsent(hash, cut);
            });
        }
        long modelCalls = parts.embeddings().embeddedTexts();
        Map<String, float[]> vectorOf = parts.embeddings().vectors(textByHash);
        modelCalls = parts.embeddings().embeddedTexts() - modelCalls;
        List<VectorPoint> points = new ArrayList<>();
        long cellsOfBatch = 0;
        for (int i = 0; i < batch.size(); i++) {
            long rowIndex = batch.get(i).getKey();
            String rowId = CandidateRow.rowIdOf(dataset, config, rowIndex);
            Map<String, String> cellsOfRow = embeddable.get(i);
            for (Map.Entry<String, String> cell : cellsOfRow.entrySet()) {
                String hash = hashesOfRows.get(i).get(cell.getKey());
                points.add(new VectorPoint(VectorPoint.idOf(dataset, config, rowIndex, cell.getKey()), rowId, dataset, config,
                        rowIndex, cell.getKey(), CellText.spanOf(cell.getKey(), cellsOfRow), vectorOf.get(hash), hash));
            }
            cellsOfBatch += cellsOfRow.size();
            pendingRows.add(new StoredRow(rowId, dataset, config, rowIndex, Json.write(batch.get(i).getValue())));
            cellsCounter.increment(cellsOfRow.size());
        }
        cells += cellsOfBatch;
        addedCells += cellsOfBatch;
        parts.metrics().saved(cellsOfBatch - modelCalls);
        rows += batch.size();
        addedRows += batch.size();
        rowsCounter.increment(batch.size());
        batch.clear();
        // The index write of this batch overlaps the embedding of the next one.
        pendingWrite.join();
        pendingWrite = CompletableFuture.runAsync(() -> parts.store().upsert(points), parts.writer());
    }

    private void checkpoint(boolean complete) {
        flushBatch();
        // Everything read so far is now ingested or skipped.
        nextRecord = Math.max(nextRecord, seen);
        pendingWrite.join();
        // The index first: a crash between the two leaves points the next run overwrites (same ids),
        // never a checkpoint ahead of the index.
        parts.store().commit();
        List<StoredRow> toSave = List.copyOf(pendingRows);
        pendingRows.clear();
        parts.registry().checkpoint(id, toSave, new IngestRegistry.Checkpoint(nextRecord, rows, cells, skipped,
                errors.isEmpty() ? null : String.join("\n", errors), complete, complete && !capReached,
                complete ? status() : IngestStatus.INGESTING));
        progress.log(rows, cells, skipped, addedCells, complete);
    }

    /** The end of the file (or of the cap): the last checkpoint, complete. */
    void finish() {
        checkpoint(true);
    }

    /** The run failed: what is not checkpointed is dropped, the config is FAILED with the errors so far and {@code failure}. */
    void fail(Exception failure) {
        String message = fileName + ": " + failure.getMessage();
        LOG.errorf(failure, "[%s] ingest failed", id);
        batch.clear();
        pendingRows.clear();
        try {
            pendingWrite.join();
        } catch (RuntimeException ignored) {
            // the failure being reported already covers it
        }
        parts.registry().configRunFailed(id, (errors.isEmpty() ? "" : String.join("\n", errors) + "\n") + message);
    }

    /** DONE, or DONE_WITH_ERRORS when a record was skipped. */
    IngestStatus status() {
        return skipped > 0 ? IngestStatus.DONE_WITH_ERRORS : IngestStatus.DONE;
    }

    long addedRows() {
        return addedRows;
    }

    long addedCells() {
        return addedCells;
    }

    long addedSkipped() {
        return addedSkipped;
    }
}
