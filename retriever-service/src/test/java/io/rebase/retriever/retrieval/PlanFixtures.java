package io.rebase.retriever.retrieval;

import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import io.rebase.retriever.registry.RegisteredConfig;

import java.util.List;
import java.util.Map;

/** Tasks, configs and defaults for the plain unit tests of the retrieval's stages (no model, no store, no Quarkus). */
final class PlanFixtures {

    static final String MODEL = "test-model";

    /** The shipped defaults, as {@code application.properties} sets them. */
    static final RetrievalDefaults DEFAULTS = new RetrievalDefaults(3000, 0.3, new Weights(1, 1, 1.5, 2.0, 1.0, 1.0), 0.97, 8,
            false, true, true, new SearchSettings(2000, 1.0, 1000, 8, 1000));

    private PlanFixtures() {
    }

    /** A sentiment classification task; {@code retrieval} and {@code transform} are JSON object bodies or null. */
    static TaskRequest sentimentTask(String retrieval, String transform) {
        return TaskRequestParser.parse("""
                {"taskId": "t1", "instruction": "Classify the sentiment of the sentence.", "taskType": "classification",
                 "labels": ["positive", "negative"],
                 "examples": [{"input": {"sentence": "a fine film"}, "output": "positive"},
                              {"input": {"sentence": "a dull film"}, "output": "negative"}]%s%s}
                """.formatted(retrieval == null ? "" : ", \"retrieval\": " + retrieval,
                transform == null ? "" : ", \"transform\": " + transform));
    }

    /** A generation task (no labels). */
    static TaskRequest generationTask(String retrieval) {
        return TaskRequestParser.parse("""
                {"taskId": "t2", "instruction": "Answer the question.", "taskType": "generation",
                 "examples": [{"input": {"question": "why?"}, "output": "because"}]%s}
                """.formatted(retrieval == null ? "" : ", \"retrieval\": " + retrieval));
    }

    static RegisteredConfig config(String id, List<String> labels) {
        return config(id, labels, MODEL);
    }

    static RegisteredConfig config(String id, List<String> labels, String model) {
        return new RegisteredConfig(id, id.substring(0, id.indexOf('/')), labels, new float[]{1, 0, 0, 0}, model, 10, "hash");
    }

    static RetrievalPlan plan(TaskRequest task, List<RegisteredConfig> configs) {
        return RetrievalPlan.of(task, false, DEFAULTS, MODEL, configs, Map.of());
    }
}
