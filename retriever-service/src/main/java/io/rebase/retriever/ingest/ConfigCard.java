package io.rebase.retriever.ingest;

import java.util.List;

/**
 * One config (file) of a dataset card.
 *
 * @param name        config name
 * @param file        file name inside the dataset folder
 * @param description what the config holds (may be empty)
 * @param labels      label names (classification), may be empty
 */
public record ConfigCard(String name, String file, String description, List<String> labels) {
}
