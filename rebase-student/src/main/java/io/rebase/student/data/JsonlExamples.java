package io.rebase.student.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Readers for JSON-lines datasets: the module's own {@code {input, output, rationale}} format,
 * SQuAD-style QA, NLI and generic flat records.
 */
public final class JsonlExamples {

    /** Fields that describe a record rather than being model input. */
    public static final Set<String> META_FIELDS = Set.of(
            "id", "split", "answer_start", "answer_starts", "answer_text", "title", "document_id",
            "question_type", "level", "rationale", "explanation");

    private static final List<String> OUTPUT_FIELDS = List.of("label", "answer", "answers", "output");

    private JsonlExamples() {}

    /** Reads {@code {"input": {...}, "output": "...", "rationale": "..."}} lines. */
    public static List<Example> readExamples(Path file) throws IOException {
        List<Example> out = new ArrayList<>();
        for (JsonObject o : lines(file)) {
            Map<String, String> input = new LinkedHashMap<>();
            o.getAsJsonObject("input").entrySet().forEach(e -> input.put(e.getKey(), e.getValue().getAsString()));
            String rationale = o.has("rationale") && !o.get("rationale").isJsonNull() ? o.get("rationale").getAsString() : null;
            out.add(new Example(input, o.get("output").getAsString(), rationale));
        }
        return out;
    }

    /** Writes examples in the format {@link #readExamples} reads. */
    public static void writeExamples(Path file, List<Example> examples) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (Example e : examples) {
                JsonObject o = new JsonObject();
                JsonObject in = new JsonObject();
                e.input().forEach(in::addProperty);
                o.add("input", in);
                o.addProperty("output", e.output());
                if (e.rationale() != null) {
                    o.addProperty("rationale", e.rationale());
                }
                w.write(o.toString());
                w.newLine();
            }
        }
    }

    /**
     * Reads SQuAD-style lines {@code {context, question, answers}} where answers is a list of strings,
     * {@code {"text": [...]}}, or a single {@code answer} string.
     */
    public static List<GoldExample> readSquad(Path file) throws IOException {
        List<GoldExample> out = new ArrayList<>();
        for (JsonObject o : lines(file)) {
            Map<String, String> input = Map.of(
                    "question", o.get("question").getAsString(), "context", o.get("context").getAsString());
            out.add(new GoldExample(input, answers(o)));
        }
        return out;
    }

    /**
     * Reads flat records: the output is {@code outputField} (or the first of label/answer/answers/output),
     * inputs are {@code inputFields} or, when null, every other scalar field except {@link #META_FIELDS}.
     */
    public static List<GoldExample> readGeneric(Path file, List<String> inputFields, String outputField) throws IOException {
        List<GoldExample> out = new ArrayList<>();
        for (JsonObject o : lines(file)) {
            String outKey = outputField != null ? outputField
                    : OUTPUT_FIELDS.stream().filter(o::has).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("no output field in " + o.keySet()));
            Map<String, String> input = new LinkedHashMap<>();
            if (inputFields != null) {
                for (String f : inputFields) {
                    if (o.has(f) && !o.get(f).isJsonNull()) {
                        input.put(f, o.get(f).getAsString());
                    }
                }
            } else {
                for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                    if (!e.getKey().equals(outKey) && !META_FIELDS.contains(e.getKey()) && e.getValue().isJsonPrimitive()) {
                        input.put(e.getKey(), e.getValue().getAsString());
                    }
                }
            }
            JsonElement gold = o.get(outKey);
            List<String> golds = gold.isJsonPrimitive() ? List.of(gold.getAsString()) : answers(o);
            out.add(new GoldExample(input, golds));
        }
        return out;
    }

    /** Reads NLI lines {@code {premise, hypothesis, label}}. */
    public static List<GoldExample> readNli(Path file) throws IOException {
        return readGeneric(file, List.of("premise", "hypothesis"), "label");
    }

    private static List<String> answers(JsonObject o) {
        JsonElement a = o.has("answers") ? o.get("answers") : o.get("answer");
        List<String> out = new ArrayList<>();
        if (a == null || a.isJsonNull()) {
            return out;
        }
        if (a.isJsonObject()) {
            a = a.getAsJsonObject().get("text");
        }
        if (a.isJsonArray()) {
            for (JsonElement e : (JsonArray) a) {
                out.add(e.isJsonObject() ? e.getAsJsonObject().get("text").getAsString() : e.getAsString());
            }
        } else {
            out.add(a.getAsString());
        }
        return out;
    }

    private static List<JsonObject> lines(Path file) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(JsonParser.parseString(line).getAsJsonObject());
            }
        }
        return out;
    }
}
