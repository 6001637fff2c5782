package io.rebase.trainer.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built task views: a short classification task (one evaluation) and a long multiple-choice one. */
final class SampleTasks {

    private SampleTasks() {
    }

    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    /** A classification task evaluated once, at step 83, scoring 0.863 against a baseline of 0.71. */
    static TaskView shortClassification() {
        List<Map<String, Object>> loss = new ArrayList<>();
        for (int step = 1; step <= 83; step++) {
            loss.add(Map.of("step", step, "loss", 1.2 * Math.exp(-step / 30.0) + 0.1));
        }
        List<Map<String, Object>> eval = List.of(evalPoint(83, Map.of("accuracy", 0.863, "macro_f1", 0.851)));
        return view("cls-short", "classification", List.of("positive", "negative", "neutral"), 83, loss, eval,
                Map.of("accuracy", 0.863, "macro_f1", 0.851),
                Map.of("accuracy", 0.71, "macro_f1", 0.64, "steps", 83.0));
    }

    /** A multiple-choice task trained for 1,200 steps with an evaluation every 100. */
    static TaskView longMultipleChoice() {
        List<Map<String, Object>> loss = new ArrayList<>();
        for (int step = 1; step <= 1200; step++) {
            loss.add(Map.of("step", step, "loss", 1.4 * Math.exp(-step / 300.0) + 0.2 + 0.05 * Math.sin(step)));
        }
        List<Map<String, Object>> eval = new ArrayList<>();
        for (int step = 100; step <= 1200; step += 100) {
            double acc = 0.4 + 0.35 * (1 - Math.exp(-step / 400.0));
            eval.add(evalPoint(step, Map.of("accuracy", acc, "macro_f1", acc - 0.03)));
        }
        return view("mc-long", "multiple-choice", List.of(), 1200, loss, eval,
                Map.of("accuracy", 0.74, "macro_f1", 0.71), Map.of("accuracy", 0.52, "macro_f1", 0.5, "steps", 1200.0));
    }

    static FinalEvaluation classificationItems() {
        return new FinalEvaluation(
                List.of("positive", "positive", "positive", "negative", "negative", "neutral", "neutral", "neutral"),
                List.of("positive", "positive", "negative", "negative", "negative", "neutral", "positive", "neutral"));
    }

    static FinalEvaluation multipleChoiceItems() {
        return new FinalEvaluation(List.of("A", "B", "C", "D", "B", "A"), List.of("A", "B", "C", "A", "C", "A"));
    }

    private static Map<String, Object> evalPoint(int step, Map<String, Object> metrics) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("step", step);
        p.put("score", metrics.get("accuracy"));
        p.put("examplesSeen", step * 8L);
        p.put("metrics", metrics);
        return p;
    }

    private static TaskView view(String id, String type, List<String> labels, int steps, List<Map<String, Object>> loss,
                                 List<Map<String, Object>> eval, Map<String, Object> metrics, Map<String, Object> baseline) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("retrieved", 700L);
        counts.put("examples", 664L);
        counts.put("examplesTrained", 598L);
        counts.put("rejected", 30L);
        counts.put("deadLettered", 6L);
        counts.put("duplicates", 0L);
        counts.put("accountedRows", 700L);
        Map<String, Object> retrieval = new LinkedHashMap<>();
        retrieval.put("datasetMix", Map.of("glue/sst2", 400, "imdb/plain_text", 300));
        if (!labels.isEmpty()) {
            retrieval.put("labelMix", Map.of("positive", 240, "negative", 240, "neutral", 220));
        }
        retrieval.put("latencyMs", 1840);
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("retrieve", 1.84);
        stages.put("transform", 412.5);
        stages.put("train", 380.2);
        stages.put("evaluate", 21.7);
        stages.put("finalise", 9.3);
        return new TaskView(id, "COMPLETED", "Classify the sentiment of the review <b>as</b> positive, negative or neutral.",
                type, labels, counts, steps, 0.21, 54.3, "accuracy", (Double) metrics.get("accuracy"), steps, metrics,
                baseline, "all-rows-accounted", null, "/data/tasks/" + id + "/best-" + steps, "/data/tasks/" + id + "/report.json",
                null, T0, T0.plusSeconds(30), T0.plusSeconds(460), loss, eval, retrieval,
                Map.of("glue/sst2", 380L, "imdb/plain_text", 284L), served(), sample(), stages);
    }

    private static Map<String, Object> served() {
        Map<String, Object> served = new LinkedHashMap<>();
        served.put("served", "rebase");
        served.put("rebase", true);
        served.put("reason", "the ReBase student scores above the few-shot student on the evaluation file");
        served.put("metric", "accuracy");
        served.put("items", 200);
        served.put("basisText", "items of the evaluation file");
        served.put("scores", Map.of("rebase", 0.81, "few-shot", 0.62));
        return served;
    }

    private static List<Map<String, Object>> sample() {
        List<Map<String, Object>> sample = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("input", Map.of("text", "A film that " + (i == 0 ? "soars & <sings>" : "drags on") + " for two hours."));
            e.put("output", i == 0 ? "positive" : "negative");
            e.put("rationale", "The reviewer says the film " + (i == 0 ? "soars" : "drags") + ", so the answer is "
                    + (i == 0 ? "positive" : "negative") + ".");
            e.put("dataset", "glue");
            e.put("config", "sst2");
            e.put("rowIndex", 1000L + i);
            e.put("rowId", "glue/sst2/train/" + (1000 + i));
            e.put("mode", "llm");
            // the last example is one of the task's own, which has no retrieval scores
            e.put("scores", i == 2 ? null : Map.of("input", 0.801 - i / 10.0, "output", 0.655, "description", 0.41,
                    "combined", 0.712 - i / 10.0, "inputColumn", "sentence", "outputColumn", "label"));
            sample.add(e);
        }
        return sample;
    }
}
