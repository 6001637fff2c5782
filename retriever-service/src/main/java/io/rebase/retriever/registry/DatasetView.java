package io.rebase.retriever.registry;

import io.rebase.retriever.domain.ConfigEntity;
import io.rebase.retriever.domain.DatasetEntity;
import io.rebase.retriever.domain.IngestStatus;

import java.time.Instant;
import java.util.List;

/** A registered dataset with its configs, as {@code GET /datasets} shows it. */
public record DatasetView(String name, String description, String taskType, String path, boolean cardInferred,
                          IngestStatus status, long rows, long cells, long skippedRows, String lastError,
                          Instant updatedAt, List<ConfigView> configs) {

    /** One config and its checkpoint. */
    public record ConfigView(String name, String file, IngestStatus status, long rows, long cells, long skippedRows,
                             boolean complete, long nextRecord, int maxRows, List<String> labels, List<String> errors) {
        static ConfigView of(ConfigEntity c) {
            return new ConfigView(c.name, c.file, c.status, c.rows, c.cells, c.skippedRows, c.complete, c.nextRecord,
                    c.maxRows, c.labelList(), c.errors == null || c.errors.isBlank() ? List.of() : List.of(c.errors.split("\n")));
        }
    }

    static DatasetView of(DatasetEntity d, List<ConfigEntity> configs) {
        return new DatasetView(d.name, d.description, d.taskType, d.path, d.cardInferred, d.status, d.rows, d.cells,
                d.skippedRows, d.lastError, d.updatedAt, configs.stream().map(ConfigView::of).toList());
    }
}
