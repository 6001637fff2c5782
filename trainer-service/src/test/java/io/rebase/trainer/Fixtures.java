package io.rebase.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Json;
import io.rebase.contracts.RowScores;
import io.rebase.contracts.SourceRef;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import io.rebase.contracts.TrainingExample;
import io.rebase.kafka.KafkaTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test data from the bundled samples: sentiment rows as training examples, task requests and upstream events. */
final class Fixtures {

    static final Path SAMPLES = Path.of("..", "samples");

    private Fixtures() {
    }

    /** One row of a sample dataset as the transformer would publish it (offline mapping mode, with retrieval scores). */
    record Row(String dataset, int index, String text, String label) {
        String rowId() {
            return dataset + "/default/" + index;
        }

        String exampleJson(String taskId) {
            return Json.write(new TrainingExample(TrainingExample.exampleIdOf(taskId, rowId()), taskId, Map.of("sentence", text),
                    "", label, new SourceRef(rowId(), dataset, "default", index), "mapping",
                    new RowScores(0.8, 0.7, 0.5, 0.71, "sentence", "label")));
        }
    }

    /** Rows of a sample sentiment dataset ({@code text}, {@code label}). */
    static List<Row> sentimentRows(String dataset, int limit) {
        try {
            List<Row> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(SAMPLES.resolve("datastore").resolve(dataset).resolve("default.jsonl"));
            for (int i = 0; i < lines.size() && out.size() < limit; i++) {
                JsonNode n = Json.mapper().readTree(lines.get(i));
                String text = n.has("text") ? n.get("text").asText() : n.get("sentence").asText();
                out.add(new Row(dataset, i, text, n.get("label").asText()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tweet QA row as an extractive-QA training example. */
    static String qaExampleJson(String taskId, int index) {
        try {
            String line = Files.readAllLines(SAMPLES.resolve("datastore/tweetqa/default.jsonl")).get(index);
            JsonNode n = Json.mapper().readTree(line);
            String rowId = "tweetqa/default/" + index;
            return Json.write(new TrainingExample(TrainingExample.exampleIdOf(taskId, rowId), taskId,
                    Map.of("question", n.get("question").asText(), "context", n.get("context").asText()), "",
                    n.get("answer").asText(), new SourceRef(rowId, "tweetqa", "default", index), "mapping"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An extractive-QA task over tweets, evaluated on the first rows of the sample (SQuAD-style jsonl). */
    static String qaRequest(String taskId, int maxSteps) {
        return """
                {"taskId":"%s","instruction":"Answer the question with a span of the tweet.","taskType":"extractive-qa",
                 "examples":[
                   {"input":{"question":"who is the governor of arizona?","context":"Proud to sign the budget today. Doug Ducey (@dougducey), governor of Arizona"},"output":"Doug Ducey"},
                   {"input":{"question":"what did the team win?","context":"What a night! The Cubs win the World Series after 108 years #FlyTheW"},"output":"the World Series"}],
                 "training":{"maxSteps":%d,"maxSeqLength":96,"batchSize":8},
                 "evaluation":{"evalSetPath":"samples/datastore/tweetqa/default.jsonl","maxEvalExamples":16,"fewShotBaseline":true}}"""
                .formatted(taskId, maxSteps);
    }

    /** A sentiment task request with small training settings. */
    static String sentimentRequest(String taskId, int maxSteps, String evalSetPath, boolean baseline) {
        String eval = evalSetPath == null
                ? "\"evaluation\":{\"heldOutFraction\":0.2,\"maxEvalExamples\":40,\"fewShotBaseline\":" + baseline + "}"
                : "\"evaluation\":{\"evalSetPath\":\"" + evalSetPath + "\",\"maxEvalExamples\":40,\"fewShotBaseline\":" + baseline + "}";
        return """
                {"taskId":"%s","instruction":"Classify the sentiment of a movie review sentence as positive or negative.",
                 "taskType":"classification","labels":["positive","negative"],
                 "examples":[
                   {"input":{"sentence":"full of profound , real-life moments that anyone can relate to , it deserves a wide audience ."},"output":"positive"},
                   {"input":{"sentence":"friday after next has the same problem that next friday did ."},"output":"negative"},
                   {"input":{"sentence":"a gorgeous , witty , seductive movie ."},"output":"positive"}],
                 "training":{"maxSteps":%d,"maxSeqLength":64,"batchSize":8},
                 %s}""".formatted(taskId, maxSteps, eval);
    }

    /**
     * Submits a task as the trainer sees it: the retriever's REQUESTED event carrying the accepted request, the
     * trainer's one source of a task's spec.
     */
    static void requested(KafkaTestClient kafka, String requestJson) {
        TaskRequest request = TaskRequestParser.parse(requestJson);
        kafka.produce("task-events", request.taskId(), Json.write(TaskEvent.of(request.taskId(), TaskEventType.REQUESTED,
                "retriever-service", null, "task accepted", Map.of("task", request))));
    }

    static void retrieved(KafkaTestClient kafka, String taskId, long count) {
        kafka.produce("task-events", taskId, Json.write(TaskEvent.retrieved(taskId, "retriever-service", count,
                Map.of("datasetMix", Map.of("rt_polarity", count),
                        "labelMix", Map.of("positive", count / 2, "negative", count - count / 2)))));
    }

    static void rejected(KafkaTestClient kafka, String taskId, String rowId) {
        kafka.produce("task-events", taskId, Json.write(TaskEvent.rowRejected(taskId, "transformer-service", rowId,
                "label-not-in-set", "label 'neutral' is not a task label")));
    }

    static void deadLettered(KafkaTestClient kafka, String taskId, String rowId) {
        kafka.produce("task-events", taskId, Json.write(TaskEvent.rowDeadLettered(taskId, "transformer-service", rowId,
                "LLM kept failing")));
    }

    static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
