package io.rebase.retriever.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A dataset's card: read from {@code dataset.json} when the folder has one, otherwise inferred (one config per
 * data file, named after it; the description from README.md or the folder name).
 *
 * @param name        dataset name (the folder name when the card has none)
 * @param description what the dataset is
 * @param taskType    the card's task type, free text
 * @param configs     its configs
 * @param inferred    true when no dataset.json was found
 */
public record DatasetCard(String name, String description, String taskType, List<ConfigCard> configs, boolean inferred) {

    /** The file extensions ingested. */
    public static final List<String> FORMATS = List.of("jsonl", "json", "csv", "tsv");

    public static DatasetCard read(Path folder) throws IOException {
        Path card = folder.resolve("dataset.json");
        String folderName = folder.getFileName().toString();
        if (Files.isRegularFile(card)) {
            confined(folder, card);
            JsonNode node;
            try {
                node = Json.mapper().readTree(card.toFile());
            } catch (IOException e) {
                throw new IOException(card + ": malformed dataset card: " + e.getMessage(), e);
            }
            String name = text(node, "name", folderName);
            List<ConfigCard> configs = new ArrayList<>();
            for (JsonNode c : node.path("configs")) {
                String configName = text(c, "name", "default");
                String file = text(c, "file", configName + ".jsonl");
                List<String> labels = new ArrayList<>();
                c.path("labels").forEach(l -> labels.add(l.asText()));
                configs.add(new ConfigCard(configName, file, text(c, "description", ""), List.copyOf(labels)));
            }
            if (configs.isEmpty()) {
                configs.addAll(inferConfigs(folder));
            }
            return new DatasetCard(name, text(node, "description", name), text(node, "task_type", ""), configs, false);
        }
        String description = folderName;
        Path readme = folder.resolve("README.md");
        if (Files.isRegularFile(readme)) {
            confined(folder, readme);
            String text = Files.readString(readme).strip();
            description = text.length() > 2000 ? text.substring(0, 2000) : text;
        }
        return new DatasetCard(folderName, description, "", inferConfigs(folder), true);
    }

    /** Refuses a card or README that is a symbolic link leading out of the dataset folder: the dataset fails with it. */
    private static void confined(Path folder, Path file) throws IOException {
        try {
            DatastoreRoot.confine(folder, file, file.toString());
        } catch (PathOutsideDatastoreException e) {
            throw new IOException(file + ": a symbolic link leading outside the dataset folder, not read", e);
        }
    }

    private static List<ConfigCard> inferConfigs(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> FORMATS.contains(extension(f)))
                    .filter(f -> !f.getFileName().toString().equals("dataset.json"))
                    .sorted()
                    .map(f -> {
                        String file = f.getFileName().toString();
                        return new ConfigCard(file.substring(0, file.lastIndexOf('.')), file, "", List.of());
                    })
                    .toList();
        }
    }

    /** The lower-case extension of a file name ("jsonl"). */
    public static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? fallback : v.asText();
    }
}
