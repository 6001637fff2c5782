package io.rebase.retriever.registry;

import io.rebase.retriever.domain.IngestStatus;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The registry as the ingest sees it: datasets, per-config checkpoints and row payloads. Each call is one transaction
 * of its own; a checkpoint writes its rows and the config's next record number in the same one, which is what makes an
 * interrupted ingest resumable.
 */
public interface IngestRegistry {

    /**
     * What identifies a config and its card.
     *
     * @param id {@code dataset/config}
     */
    record ConfigKey(String id, String dataset, String name, String file, String description, List<String> labels) {
    }

    /** A config's ingest state, as the last checkpoint left it. */
    record ConfigState(String id, String fileHash, String embeddingModel, int maxRows, boolean complete, boolean endOfFile,
                       long nextRecord, long rows, long cells, long skippedRows, String errors, IngestStatus status) {
    }

    /** A row payload to store. */
    record StoredRow(String rowId, String dataset, String config, long rowIndex, String cellsJson) {
    }

    /**
     * The state a checkpoint records.
     *
     * @param complete  the whole run is done (end of file or cap)
     * @param endOfFile the run read the whole file (not stopped by the row cap)
     */
    record Checkpoint(long nextRecord, long rows, long cells, long skippedRows, String errors, boolean complete, boolean endOfFile,
                      IngestStatus status) {
    }

    /** Every registered dataset with its configs, by name. */
    List<DatasetView> datasets();

    /** The registered dataset {@code name} with its configs. */
    Optional<DatasetView> dataset(String name);

    /** A dataset folder whose card cannot be read: registered under the folder's name as FAILED with {@code error}. */
    void datasetUnreadable(String folder, String error);

    /** A dataset's ingest starts: its card's fields are recorded and it is INGESTING. */
    void datasetStarted(String name, String description, String taskType, String folder, boolean cardInferred);

    /**
     * A dataset's ingest ended: its totals are summed from its configs, its status is FAILED ({@code failed}, or no
     * config at all), DONE_WITH_ERRORS ({@code errors}) or DONE; {@code noDataError} is recorded when it has no config.
     */
    void datasetFinished(String name, boolean noConfigs, boolean failed, boolean errors, String noDataError);

    /** The state of config {@code id}, empty when it was never registered. */
    Optional<ConfigState> config(String id);

    /** Config {@code key} cannot be ingested at all (its file is missing or outside the folder). */
    void configFailed(ConfigKey key, String error);

    /**
     * A config's run starts: its card is recorded, its counters start from zero when {@code reset} (or when it was never
     * ingested), and it is INGESTING under {@code model}, {@code fileHash} and {@code cap}. {@code description} (the
     * embedded description) is called when none is stored.
     */
    ConfigState startConfig(ConfigKey key, boolean reset, String model, String fileHash, int cap, Supplier<byte[]> description);

    /** Deletes the row payloads of a config (before it is ingested again from the start). */
    void deleteRows(String dataset, String config);

    /** Stores {@code rows} and records {@code checkpoint} for config {@code id}, in one transaction. */
    void checkpoint(String id, List<StoredRow> rows, Checkpoint checkpoint);

    /** A config's run failed: FAILED with {@code errors}. */
    void configRunFailed(String id, String errors);
}
