package io.rebase.retriever.registry;

import java.util.List;

/**
 * What the retrieval reads of a registered config.
 *
 * @param id             {@code dataset/config}
 * @param dataset        its dataset
 * @param labels         its card labels, empty when the card names none
 * @param description    the embedded dataset + config description, null before the first ingest wrote it
 * @param embeddingModel the model that embedded its vectors (null: not recorded)
 * @param nextRecord     the ingest checkpoint (records of the file done)
 * @param fileHash       SHA-256 of the ingested file
 */
public record RegisteredConfig(String id, String dataset, List<String> labels, float[] description, String embeddingModel,
                               long nextRecord, String fileHash) {
}
