package io.rebase.transformer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The transformer's settings ({@code rebase.transformer.*}); see application.properties and README.md. */
@ConfigMapping(prefix = "rebase.transformer")
public interface TransformerConfig {

    /** auto (LLM when an endpoint is configured, else mapping), llm or mapping: for tasks that name no mode. */
    @WithDefault("auto")
    String mode();

    /** Rows in flight per replica. */
    @WithDefault("32")
    int concurrency();

    /** The consumer group shared by all replicas (KEDA scales on its lag). */
    @WithDefault("transformer-service")
    String groupId();

    /** How often TRANSFORM_PROGRESS events are published per changed task. */
    @WithDefault("5s")
    Duration progressInterval();

    /**
     * The longest a row's outcome waits for the broker's acknowledgement in all, riding out a broker outage (a send the
     * producer gave up on is sent again); then the record is nacked to the dead-letter topic.
     */
    @WithDefault("5m")
    Duration publishTimeout();

    Llm llm();

    Mapping mapping();

    /** USD per one million tokens per model name. */
    Map<String, Price> prices();

    /** LLM endpoint and behaviour. */
    interface Llm {
        /** Force the LLM on (true) or off (false); by default it is on when an API key is set. */
        Optional<Boolean> enabled();

        @WithDefault("https://api.openai.com/v1")
        String baseUrl();

        /** Never logged: {@link io.rebase.transformer.llm.LlmSettings#toString()} shows only whether it is set. */
        Optional<String> apiKey();

        @WithDefault("gpt-4o-mini")
        String model();

        @WithDefault("0.7")
        double temperature();

        @WithDefault("768")
        int maxOutputTokens();

        @WithDefault("60s")
        Duration requestTimeout();

        @WithDefault("5")
        int maxAttempts();

        @WithDefault("500ms")
        Duration baseDelay();

        @WithDefault("30s")
        Duration maxDelay();

        @WithDefault("120s")
        Duration maxRetryAfter();

        @WithDefault("2")
        int invalidJsonRetries();

        /** Per replica; 0 lifts the limit. */
        @WithDefault("600")
        int requestsPerMinute();

        /** Per replica; 0 lifts the limit. */
        @WithDefault("1000000")
        int tokensPerMinute();

        /** Whether a model missing from the price table may be called (its cost then counts as 0). */
        @WithDefault("false")
        boolean allowUnpricedModels();

        /** Prompt plus completion tokens one task may spend on one replica (0: no limit). */
        @WithDefault("5000000")
        long taskMaxTokens();

        /** Estimated USD one task may spend on one replica (0: no limit). */
        @WithDefault("10")
        double taskMaxCostUsd();

        /** The task's few-shot examples shown in each prompt (the first ones). */
        @WithDefault("8")
        int maxPromptExamples();

        /** Each shown few-shot example's texts are cut to this many characters. */
        @WithDefault("1000")
        int maxExampleChars();

        @WithDefault("250")
        int maxFieldChars();

        /** Per task type (wire name) cell limits, e.g. extractive-qa=4000. */
        Map<String, Integer> maxFieldCharsByType();
    }

    /** Offline mapping thresholds. */
    interface Mapping {
        @WithDefault("0.25")
        double fieldSimilarity();

        @WithDefault("0.8")
        double labelSimilarity();

        @WithDefault("0.1")
        double labelMargin();

        /** Longer QA contexts are cut to a window of this many characters around the answer. */
        @WithDefault("4000")
        int qaContextChars();
    }

    /** USD per one million tokens. */
    interface Price {
        double input();

        double output();
    }
}
