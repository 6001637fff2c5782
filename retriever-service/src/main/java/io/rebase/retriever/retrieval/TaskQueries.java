package io.rebase.retriever.retrieval;

import io.rebase.contracts.TaskExample;
import io.rebase.contracts.TaskRequest;
import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.ingest.CellText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The embedded side of a task: per input field the vectors of the examples' values, the vectors of the
 * distinct example outputs, and the instruction's vector. Embedded in one batch, cut like datastore cells.
 *
 * @param inputs      field name to the examples' vectors for that field
 * @param outputs     distinct example outputs' vectors
 * @param instruction  the instruction's vector
 * @param contextField the input field with the longest values (the passage of a QA task)
 * @param fieldWords   field name to the median length in words of the examples' values
 * @param outputIn     field name to the share of examples whose output occurs in that field's value (case-insensitive),
 *                     counted over the examples whose output is the shorter text, as for a config
 *                     ({@link ColumnProfiles#profileOf}); absent when there are none
 */
public record TaskQueries(Map<String, List<float[]>> inputs, List<float[]> outputs, float[] instruction, String contextField,
                          Map<String, Double> fieldWords, Map<String, Double> outputIn) {

    public TaskQueries(Map<String, List<float[]>> inputs, List<float[]> outputs, float[] instruction, String contextField) {
        this(inputs, outputs, instruction, contextField, Map.of(), Map.of());
    }

    public static TaskQueries of(TaskRequest task, Embedder embedder, CellText cut) {
        List<String> texts = new ArrayList<>();
        List<String> fieldOfText = new ArrayList<>();
        for (TaskExample e : task.examples()) {
            if (e.input() == null) {
                continue;
            }
            e.input().forEach((field, value) -> {
                if (value != null && !value.isBlank()) {
                    texts.add(cut.cut(value.strip()));
                    fieldOfText.add(field);
                }
            });
        }
        // the examples' shape, read by the same rule as a datastore config's, their output as one more column
        String outputColumn = "output";
        while (fieldOfText.contains(outputColumn)) {
            outputColumn = "_" + outputColumn;
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (TaskExample e : task.examples()) {
            if (e.input() != null) {
                Map<String, String> row = new LinkedHashMap<>(e.input());
                row.put(outputColumn, e.output());
                rows.add(row);
            }
        }
        ColumnProfiles.Profile shape = ColumnProfiles.profileOf(rows);
        Map<String, Double> fieldWords = new LinkedHashMap<>();
        Map<String, Double> outputIn = new LinkedHashMap<>();
        for (String field : new LinkedHashSet<>(fieldOfText)) {
            fieldWords.put(field, shape.words().get(field));
            Double copied = shape.containedIn(outputColumn, field);
            if (copied != null) {
                outputIn.put(field, copied);
            }
        }
        Set<String> outputs = new LinkedHashSet<>();
        task.examples().stream().map(TaskExample::output).filter(o -> o != null && !o.isBlank())
                .forEach(o -> outputs.add(cut.cut(o.strip())));
        int inputCount = texts.size();
        texts.addAll(outputs);
        texts.add(cut.cut(task.instruction()));
        List<float[]> vectors = embedder.embed(texts);
        Map<String, Integer> length = new LinkedHashMap<>();
        for (int i = 0; i < inputCount; i++) {
            length.merge(fieldOfText.get(i), texts.get(i).length(), Integer::sum);
        }
        String contextField = length.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        Map<String, List<float[]>> inputs = new LinkedHashMap<>();
        for (int i = 0; i < inputCount; i++) {
            inputs.computeIfAbsent(fieldOfText.get(i), f -> new ArrayList<>()).add(vectors.get(i));
        }
        return new TaskQueries(inputs, vectors.subList(inputCount, inputCount + outputs.size()),
                vectors.get(vectors.size() - 1), contextField, Map.copyOf(fieldWords),
                Map.copyOf(outputIn));
    }

    /** Every query vector used to gather candidates: each example field value and each output. */
    public List<float[]> searchVectors() {
        List<float[]> all = new ArrayList<>();
        inputs.values().forEach(all::addAll);
        all.addAll(outputs);
        return all;
    }
}
