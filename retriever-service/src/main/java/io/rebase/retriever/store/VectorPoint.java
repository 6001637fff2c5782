package io.rebase.retriever.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
 * @param textHash {@link #textHashOf} of the embedded text: cells with equal texts have equal vectors, so
 *                 retrieval expands such ties deterministically; null in indexes built before it was stored
 */
public record VectorPoint(String id, String rowId, String dataset, String config, long rowIndex, String column,
                          String spanOf, float[] vector, String textHash) {

    /** A point without a text hash (fixtures, synthetic benchmarks): it is never part of a tie expansion. */
    public VectorPoint(String id, String rowId, String dataset, String config, long rowIndex, String column,
                       String spanOf, float[] vector) {
        this(id, rowId, dataset, config, rowIndex, column, spanOf, vector, null);
    }

    /** The deterministic id of a cell. */
    public static String idOf(String dataset, String config, long rowIndex, String column) {
        return UUID.nameUUIDFromBytes((dataset + "\u0000" + config + "\u0000" + rowIndex + "\u0000" + column)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** 128 bits of SHA-256 of the embedded text, hex: the key of identical cells (and of the ingest's embedding cache). */
    public static String textHashOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
