package io.rebase.transformer.llm;

import io.rebase.contracts.TaskType;

import java.time.Duration;
import java.util.Map;

/**
 * How the transformer talks to an OpenAI-compatible endpoint.
 *
 * @param baseUrl             e.g. {@code https://api.openai.com/v1} or a vLLM/Ollama URL
 * @param apiKey              may be empty for local servers
 * @param model               default model name; a task's {@code transform.model} overrides it
 * @param temperature         sampling temperature (the reference used 0.7)
 * @param maxOutputTokens     completion limit per call
 * @param requestTimeout      per HTTP request
 * @param maxAttempts         attempts per call for 429, 5xx, timeouts and connection errors
 * @param baseDelay           first backoff delay (doubled per attempt, with jitter)
 * @param maxDelay            backoff cap
 * @param maxRetryAfter       the longest Retry-After honoured; longer ones are capped
 * @param invalidJsonRetries  extra calls with a reminder when the reply is not the JSON asked for
 * @param requestsPerMinute   per-replica request budget (0: unlimited)
 * @param tokensPerMinute     per-replica token budget (0: unlimited)
 * @param maxFieldChars       row cells are cut to this many characters in the prompt
 * @param maxFieldCharsByType per task type overrides (QA contexts need more)
 * @param prices              USD per 1M input/output tokens, per model
 */
public record LlmSettings(String baseUrl, String apiKey, String model, double temperature, int maxOutputTokens,
                          Duration requestTimeout, int maxAttempts, Duration baseDelay, Duration maxDelay,
                          Duration maxRetryAfter, int invalidJsonRetries, int requestsPerMinute, int tokensPerMinute,
                          int maxFieldChars, Map<TaskType, Integer> maxFieldCharsByType, Map<String, Price> prices) {

    /** USD per one million tokens. */
    public record Price(double input, double output) {
    }

    /** Reasonable defaults against {@code baseUrl}. */
    public static LlmSettings defaults(String baseUrl, String apiKey, String model) {
        return new LlmSettings(baseUrl, apiKey, model, 0.7, 768, Duration.ofSeconds(60), 5, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(120), 2, 0, 0, 250,
                Map.of(TaskType.EXTRACTIVE_QA, 4000, TaskType.MULTIPLE_CHOICE, 1000), Map.of());
    }

    /** The cell length limit in prompts for {@code type}. */
    public int maxFieldChars(TaskType type) {
        return maxFieldCharsByType == null ? maxFieldChars : maxFieldCharsByType.getOrDefault(type, maxFieldChars);
    }

    /** Estimated cost in USD of a call. */
    public double cost(String modelName, long promptTokens, long completionTokens) {
        Price p = prices == null ? null : prices.get(modelName);
        return p == null ? 0 : (promptTokens * p.input() + completionTokens * p.output()) / 1_000_000.0;
    }
}
