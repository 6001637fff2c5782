package io.rebase.retriever.store;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One embedded cell of a datastore row.
 *
 * @param id       deterministic UUID of (dataset, config, row, column): re-ingesting upserts, never duplicates
 * @param rowId    {@code dataset/config/row}
 * @param dataset  dataset name
 * @param config   config name
 * @param rowIndex the row's position in its config file
 * @param column   the cell's column
 * @param spanOf   the column of a longer cell of the same row that contains this cell's text (extractive
 *                 answers), or null
 * @param vector   unit-length embedding
 */
public record VectorPoint(String id, String rowId, String dataset, String config, long rowIndex, String column,
                          String spanOf, float[] vector) {

    /** The deterministic id of a cell. */
    public static String idOf(String dataset, String config, long rowIndex, String column) {
        return UUID.nameUUIDFromBytes((dataset + "\u0000" + config + "\u0000" + rowIndex + "\u0000" + column)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
