package io.rebase.transformer.llm;

import io.rebase.contracts.TaskType;

import java.time.Duration;
import java.util.Map;

/**
 * How the transformer talks to an OpenAI-compatible endpoint.
 *
 * @param baseUrl             e.g. {@code https://api.openai.com/v1} or a vLLM/Ollama URL
 * @param apiKey              may be empty for local servers; never shown by {@link #toString()}
 * @param model               default model name; a task's {@code transform.model} overrides it
 * @param temperature         sampling temperature (the reference used 0.7)
 * @param maxOutputTokens     completion limit per call
 * @param requestTimeout      per HTTP request
 * @param maxAttempts         attempts per call for 429, 5xx, timeouts and connection errors
 * @param baseDelay           first backoff delay (doubled per attempt, with jitter); also the shortest wait
 * @param maxDelay            backoff cap
 * @param maxRetryAfter       the longest Retry-After honoured; longer ones are capped
 * @param invalidJsonRetries  extra calls with a reminder when the reply is not the JSON asked for
 * @param requestsPerMinute   per-replica request budget (0: unlimited)
 * @param tokensPerMinute     per-replica token budget (0: unlimited)
 * @param maxFieldChars       row cells are cut to this many characters in the prompt
 * @param maxFieldCharsByType per task type overrides (QA contexts need more)
 * @param prices              USD per 1M input/output tokens, per model
 * @param guards              spend and prompt-size guards
 */
public record LlmSettings(String baseUrl, String apiKey, String model, double temperature, int maxOutputTokens,
                          Duration requestTimeout, int maxAttempts, Duration baseDelay, Duration maxDelay,
                          Duration maxRetryAfter, int invalidJsonRetries, int requestsPerMinute, int tokensPerMinute,
                          int maxFieldChars, Map<TaskType, Integer> maxFieldCharsByType, Map<String, Price> prices,
                          Guards guards) {

    /** The per-replica rate limits when none are configured: a runaway task cannot spend without bound. */
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 600;
    public static final int DEFAULT_TOKENS_PER_MINUTE = 1_000_000;

    /** USD per one million tokens. */
    public record Price(double input, double output) {
    }

    /**
     * What one task may spend and how large a prompt may grow.
     *
     * @param allowUnpricedModels whether a model missing from the price table may be called (its cost then counts as 0)
     * @param taskMaxTokens       prompt plus completion tokens one task may spend on one replica (0: no limit)
     * @param taskMaxCostUsd      estimated USD one task may spend on one replica (0: no limit)
     * @param maxPromptExamples   the task's few-shot examples shown in a prompt (the first ones)
     * @param maxExampleChars     each shown example's text fields are cut to this many characters
     */
    public record Guards(boolean allowUnpricedModels, long taskMaxTokens, double taskMaxCostUsd, int maxPromptExamples,
                         int maxExampleChars) {
        public static final Guards DEFAULTS = new Guards(false, 5_000_000, 10.0, 8, 1_000);
    }

    /** The settings with the default {@link Guards}. */
    public LlmSettings(String baseUrl, String apiKey, String model, double temperature, int maxOutputTokens,
                       Duration requestTimeout, int maxAttempts, Duration baseDelay, Duration maxDelay,
                       Duration maxRetryAfter, int invalidJsonRetries, int requestsPerMinute, int tokensPerMinute,
                       int maxFieldChars, Map<TaskType, Integer> maxFieldCharsByType, Map<String, Price> prices) {
        this(baseUrl, apiKey, model, temperature, maxOutputTokens, requestTimeout, maxAttempts, baseDelay, maxDelay,
                maxRetryAfter, invalidJsonRetries, requestsPerMinute, tokensPerMinute, maxFieldChars, maxFieldCharsByType,
                prices, Guards.DEFAULTS);
    }

    /** Reasonable defaults against {@code baseUrl}. */
    public static LlmSettings defaults(String baseUrl, String apiKey, String model) {
        return new LlmSettings(baseUrl, apiKey, model, 0.7, 768, Duration.ofSeconds(60), 5, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(120), 2, DEFAULT_REQUESTS_PER_MINUTE, DEFAULT_TOKENS_PER_MINUTE,
                250, Map.of(TaskType.EXTRACTIVE_QA, 4000, TaskType.MULTIPLE_CHOICE, 1000), Map.of(), Guards.DEFAULTS);
    }

    /** The cell length limit in prompts for {@code type}. */
    public int maxFieldChars(TaskType type) {
        return maxFieldCharsByType == null ? maxFieldChars : maxFieldCharsByType.getOrDefault(type, maxFieldChars);
    }

    /** Whether {@code modelName} may be called: it has a price, or unpriced models are allowed. */
    public boolean callable(String modelName) {
        return (prices != null && prices.containsKey(modelName)) || guards.allowUnpricedModels();
    }

    /** Estimated cost in USD of a call (0 for a model without a price, which only runs when allowed). */
    public double cost(String modelName, long promptTokens, long completionTokens) {
        Price p = prices == null ? null : prices.get(modelName);
        return p == null ? 0 : (promptTokens * p.input() + completionTokens * p.output()) / 1_000_000.0;
    }

    /** Every setting but the key, which is shown only as set or not: settings end up in logs and exceptions. */
    @Override
    public String toString() {
        return "LlmSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "(none)" : "(set)")
                + ", model=" + model + ", temperature=" + temperature + ", maxOutputTokens=" + maxOutputTokens
                + ", requestTimeout=" + requestTimeout + ", maxAttempts=" + maxAttempts + ", baseDelay=" + baseDelay
                + ", maxDelay=" + maxDelay + ", maxRetryAfter=" + maxRetryAfter + ", invalidJsonRetries=" + invalidJsonRetries
                + ", requestsPerMinute=" + requestsPerMinute + ", tokensPerMinute=" + tokensPerMinute
                + ", maxFieldChars=" + maxFieldChars + ", maxFieldCharsByType=" + maxFieldCharsByType
                + ", prices=" + prices + ", guards=" + guards + "]";
    }
}
