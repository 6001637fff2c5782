package io.rebase.transformer.mapping;

import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.TaskExample;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TrainingExample;
import io.rebase.transformer.domain.Outcome;
import io.rebase.transformer.domain.RejectReasons;
import io.rebase.transformer.domain.Usage;
import io.rebase.transformer.service.ExampleValidator;
import io.rebase.transformer.service.RowTransformer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The offline mode: maps a row's columns onto the task's input fields (by name and synonyms, then by the
 * embedding similarity of the cells to the examples' texts) and its label onto the task's labels (by name,
 * synonyms, label-name similarity, or the config's label names for numeric labels). Invents nothing: the
 * rationale stays empty unless the row carries a human one (esnli explanations, gsm8k/aqua_rat solutions,
 * strategyqa facts). A row that cannot be mapped with confidence is rejected with the reason.
 */
public final class MappingTransformer implements RowTransformer {

    public static final String MODE = "mapping";

    private final TextEmbedder embedder;
    private final MappingSettings settings;
    private final LabelMapper labels;
    private final Map<String, float[]> fieldCentroids = new ConcurrentHashMap<>();

    public MappingTransformer(TextEmbedder embedder, MappingSettings settings) {
        this.embedder = embedder;
        this.settings = settings;
        this.labels = new LabelMapper(embedder, settings);
    }

    @Override
    public Outcome transform(CandidateRow row) {
        TaskRequest task = row.task();
        Map<String, String> cells = lowerCaseKeys(row.cells());
        Set<String> used = new HashSet<>();
        Pick output = pickOutput(row, cells, used);
        if (output.rejected() != null) {
            return output.rejected();
        }
        Map<String, String> input = new LinkedHashMap<>();
        List<String> fields = task.inputFields();
        for (String field : fields) {
            String column = columnByName(cells, field, used);
            if (column == null) {
                column = columnBySimilarity(row, cells, field, used, fields.size() == 1);
            }
            if (column == null) {
                return Outcome.rejected(RejectReasons.NO_FIELD_MAPPING, "no column of " + cells.keySet()
                        + " maps onto input field '" + field + "'");
            }
            used.add(column);
            input.put(field, cells.get(column));
        }

        if (task.taskType() == io.rebase.contracts.TaskType.EXTRACTIVE_QA) {
            windowContext(input, output.value());
        }

        String rationale = "";
        String rationaleColumn = firstPresent(cells, Synonyms.RATIONALE_COLUMNS, used, null);
        if (rationaleColumn != null) {
            rationale = cells.get(rationaleColumn);
        }

        ExampleValidator.Result valid = ExampleValidator.validate(task, input, output.value(), rationale);
        if (!valid.valid()) {
            return Outcome.rejected(valid.reason(), valid.message());
        }
        return new Outcome.Transformed(TrainingExample.fromRow(row, valid.input(), valid.rationale(), valid.output(), MODE),
                Usage.NONE);
    }

    /** The row's output cell for the task type, or why it has none. */
    private record Pick(String value, Outcome rejected) {
        static Pick of(String value) {
            return new Pick(value, null);
        }

        static Pick none(String reason, String message) {
            return new Pick(null, Outcome.rejected(reason, message));
        }
    }

    /** Picks the output column by the task type's synonyms (a label mapped onto the task's), marking it used. */
    private Pick pickOutput(CandidateRow row, Map<String, String> cells, Set<String> used) {
        TaskRequest task = row.task();
        switch (task.taskType()) {
            case CLASSIFICATION -> {
                String column = firstPresent(cells, Synonyms.LABEL_COLUMNS, used, hint(row, false));
                if (column == null) {
                    return Pick.none(RejectReasons.NO_OUTPUT_COLUMN, "no label column among " + cells.keySet());
                }
                used.add(column);
                String label = labels.map(task.labels(), row.labels(), cells.get(column));
                if (label == null) {
                    return Pick.none(RejectReasons.LABEL_NOT_MAPPABLE, "row label '" + cells.get(column)
                            + "' maps onto none (or more than one) of " + task.labels());
                }
                return Pick.of(label);
            }
            case EXTRACTIVE_QA -> {
                String start = cells.get("answer_start");
                String column = firstPresent(cells, Synonyms.ANSWER_COLUMNS, used, null);
                if ((start != null && start.strip().startsWith("-")) || column == null) {
                    return Pick.none(RejectReasons.UNANSWERABLE, "the row has no answer (unanswerable question)");
                }
                used.add(column);
                used.add("answer_start");
                return Pick.of(cells.get(column));
            }
            case MULTIPLE_CHOICE -> {
                String column = firstPresent(cells, Synonyms.CHOICE_ANSWER_COLUMNS, used, null);
                if (column == null) {
                    return Pick.none(RejectReasons.NO_OUTPUT_COLUMN, "no answer column among " + cells.keySet());
                }
                used.add(column);
                used.add("answer_text");
                return Pick.of(cells.get(column));
            }
            default -> {
                Set<String> notOutputs = new HashSet<>();
                task.inputFields().forEach(f -> notOutputs.add(f.toLowerCase(Locale.ROOT)));
                notOutputs.addAll(Synonyms.CLASS_LABEL_COLUMNS);
                String column = firstPresent(cells, Synonyms.GENERATION_COLUMNS, notOutputs, hint(row, false));
                if (column == null) {
                    return Pick.none(RejectReasons.NO_OUTPUT_COLUMN, "no free-text output column among "
                            + cells.keySet() + " (class-label columns are not generation outputs)");
                }
                used.add(column);
                return Pick.of(cells.get(column));
            }
        }
    }

    /**
     * Cuts an over-long QA context to a window around the answer's first occurrence, on word boundaries:
     * long documents (covid_qa papers) otherwise exceed every limit, and a student reads a window anyway.
     */
    private void windowContext(Map<String, String> input, String answer) {
        String field = input.containsKey("context") ? "context" : input.containsKey("passage") ? "passage" : null;
        int max = settings.qaContextChars();
        if (field == null || answer == null || input.get(field).length() <= max) {
            return;
        }
        String context = input.get(field);
        String span = ExampleValidator.spanOf(context, answer);
        if (span == null || span.length() >= max) {
            return; // validation rejects it with the precise reason
        }
        int at = context.indexOf(span);
        int start = Math.max(0, at - (max - span.length()) / 2);
        int end = Math.min(context.length(), start + max);
        start = Math.max(0, end - max);
        while (start > 0 && start < at && !Character.isWhitespace(context.charAt(start - 1))) {
            start++;
        }
        while (end < context.length() && end > at + span.length() && !Character.isWhitespace(context.charAt(end))) {
            end--;
        }
        input.put(field, context.substring(start, end).strip());
    }

    private static String columnByName(Map<String, String> cells, String field, Set<String> used) {
        for (String candidate : Synonyms.columnsFor(field)) {
            boolean ownName = candidate.equals(field.toLowerCase(Locale.ROOT));
            if (!used.contains(candidate) && (ownName || !Synonyms.META_COLUMNS.contains(candidate))
                    && nonBlank(cells.get(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private String columnBySimilarity(CandidateRow row, Map<String, String> cells, String field, Set<String> used,
                                      boolean onlyField) {
        List<String> candidates = new ArrayList<>();
        for (Map.Entry<String, String> cell : cells.entrySet()) {
            String c = cell.getKey();
            if (!used.contains(c) && !Synonyms.META_COLUMNS.contains(c) && !Synonyms.RATIONALE_COLUMNS.contains(c)
                    && nonBlank(cell.getValue())) {
                candidates.add(c);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        String hint = hint(row, true);
        if (onlyField && hint != null && candidates.contains(hint)) {
            return hint; // the retriever's best input match is the column the task's one field resembles most
        }
        float[] target = centroidOf(row.task(), row.taskId(), field);
        if (target == null) {
            return null;
        }
        String best = null;
        double bestScore = settings.fieldSimilarity();
        for (String c : candidates) {
            double s = TextEmbedder.dot(target, embedder.embed(cells.get(c)));
            if (s >= bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return best;
    }

    private float[] centroidOf(TaskRequest task, String taskId, String field) {
        float[] c = fieldCentroids.computeIfAbsent(taskId + '\u0000' + field, k -> {
            List<float[]> vectors = new ArrayList<>();
            for (TaskExample e : task.examples()) {
                String text = e.input() == null ? null : e.input().get(field);
                if (nonBlank(text)) {
                    vectors.add(embedder.embed(text));
                }
            }
            float[] centroid = TextEmbedder.centroid(vectors);
            return centroid == null ? new float[0] : centroid;
        });
        return c.length == 0 ? null : c;
    }

    private static String hint(CandidateRow row, boolean input) {
        if (row.scores() == null) {
            return null;
        }
        String c = input ? row.scores().inputColumn() : row.scores().outputColumn();
        return c == null ? null : c.toLowerCase(Locale.ROOT);
    }

    private static String firstPresent(Map<String, String> cells, List<String> names, Set<String> exclude, String fallback) {
        for (String name : names) {
            if (!exclude.contains(name) && nonBlank(cells.get(name))) {
                return name;
            }
        }
        return fallback != null && !exclude.contains(fallback) && nonBlank(cells.get(fallback)) ? fallback : null;
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> cells) {
        Map<String, String> out = new LinkedHashMap<>();
        if (cells != null) {
            cells.forEach((k, v) -> out.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        }
        return out;
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }
}
