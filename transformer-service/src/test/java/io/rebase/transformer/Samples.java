package io.rebase.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.Json;
import io.rebase.contracts.RowScores;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Candidate rows made from the bundled sample datastore ({@code samples/datastore}) and sample tasks. */
public final class Samples {

    public static final Path ROOT = locate();

    private Samples() {
    }

    private static Path locate() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/datastore"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("samples/datastore not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("samples");
    }

    /** A sample task (samples/tasks/NAME.json) with {@code taskId}. */
    public static TaskRequest task(String name, String taskId) {
        try {
            return TaskRequestParser.parse(Files.readString(ROOT.resolve("tasks/" + name + ".json"))).withTaskId(taskId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code n} rows of a sample dataset's default config as candidate rows of {@code task}. */
    public static List<CandidateRow> rows(String dataset, TaskRequest task, int n) {
        try {
            JsonNode card = Json.mapper().readTree(ROOT.resolve("datastore/" + dataset + "/dataset.json").toFile());
            List<String> labels = new ArrayList<>();
            card.path("configs").path(0).path("labels").forEach(l -> labels.add(l.asText()));
            List<String> lines = Files.readAllLines(ROOT.resolve("datastore/" + dataset + "/default.jsonl"));
            List<CandidateRow> rows = new ArrayList<>();
            for (int i = 0; i < Math.min(n, lines.size()); i++) {
                JsonNode node = Json.mapper().readTree(lines.get(i));
                Map<String, String> cells = new LinkedHashMap<>();
                node.fields().forEachRemaining(f -> cells.put(f.getKey(), f.getValue().asText()));
                rows.add(row(task, dataset, i, cells, labels.isEmpty() ? null : labels));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One candidate row of {@code task} with the given cells. */
    public static CandidateRow row(TaskRequest task, String dataset, long index, Map<String, String> cells, List<String> labels) {
        return new CandidateRow(CandidateRow.rowIdOf(dataset, "default", index), task.taskId(), task, dataset, "default",
                index, cells, labels, new RowScores(0.5, 0.5, 0.5, 0.5, null, null), (int) index + 1);
    }
}
