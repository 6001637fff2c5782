package io.rebase.transformer.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rebase.transformer.domain.Usage;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Calls the chat model with the replica's rate limits, bounded retries and accounting.
 *
 * <p>429 waits for the server's Retry-After (capped), else exponential backoff with jitter; 5xx, 408,
 * timeouts and connection errors back off exponentially with jitter; other 4xx fail at once. Every call
 * records latency, tokens and estimated cost as metrics.
 */
public final class LlmClient {

    /** Sleeps between attempts (a test records the waits instead of timing them). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** A reply and what it cost. */
    public record Reply(String text, Usage usage) {
    }

    private final LlmSettings settings;
    private final ChatModel model;
    private final MeterRegistry registry;
    private final Sleeper sleeper;
    private final TokenBucket requests;
    private final TokenBucket tokens;

    public LlmClient(LlmSettings settings, MeterRegistry registry, Sleeper sleeper) {
        this.settings = settings;
        this.registry = registry;
        this.sleeper = sleeper;
        this.requests = new TokenBucket(settings.requestsPerMinute());
        this.tokens = new TokenBucket(settings.tokensPerMinute());
        // One client serves every model name: the model is chosen per request (ChatRequest.modelName).
        this.model = OpenAiChatModel.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey() == null || settings.apiKey().isBlank() ? "none" : settings.apiKey())
                .modelName(settings.model())
                .temperature(settings.temperature())
                .timeout(settings.requestTimeout())
                .maxRetries(0) // retries are ours: they honour Retry-After and count in metrics
                .httpClientBuilder(new LlmHttpClient.Builder())
                .build();
        registerAtZero(settings.model());
    }

    /**
     * Registers the default model's meters before its first call: a meter created at its first use shows up already
     * holding that burst, so Prometheus sees no increase and the dashboards' rates and latency quantiles stay empty.
     */
    private void registerAtZero(String modelName) {
        if (modelName == null || modelName.isBlank()) {
            return;
        }
        timer(modelName, "ok");
        timer(modelName, "error");
        counter("rebase.llm.tokens", "type", "prompt", "model", modelName);
        counter("rebase.llm.tokens", "type", "completion", "model", modelName);
        counter("rebase.llm.cost.usd", "model", modelName);
    }

    public LlmClient(LlmSettings settings, MeterRegistry registry) {
        this(settings, registry, d -> Thread.sleep(d.toMillis()));
    }

    /** The model used when a task names none. */
    public String defaultModel() {
        return settings.model();
    }

    public LlmSettings settings() {
        return settings;
    }

    /** Sends {@code messages} to {@code modelName} (null: the default) and returns the reply text. */
    public Reply chat(String modelName, List<ChatMessage> messages) throws LlmUnavailableException, InterruptedException {
        String name = modelName == null || modelName.isBlank() ? settings.model() : modelName;
        long estimate = estimateTokens(messages) + settings.maxOutputTokens();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            requests.acquire(1);
            tokens.acquire(estimate);
            long start = System.nanoTime();
            try {
                ChatResponse response = model.chat(ChatRequest.builder().messages(messages).modelName(name)
                        .maxOutputTokens(settings.maxOutputTokens()).build());
                timer(name, "ok").record(Duration.ofNanos(System.nanoTime() - start));
                Usage usage = account(name, response.tokenUsage());
                tokens.adjust(usage.promptTokens() + usage.completionTokens() - estimate);
                String text = response.aiMessage() == null ? null : response.aiMessage().text();
                return new Reply(text == null ? "" : text, usage);
            } catch (RuntimeException e) {
                if (interrupted(e)) {
                    throw new java.util.concurrent.CancellationException("interrupted during an LLM call");
                }
                timer(name, "error").record(Duration.ofNanos(System.nanoTime() - start));
                tokens.adjust(-estimate); // a failed call spends no tokens
                last = e;
                Failure failure = classify(e);
                counter("rebase.llm.errors", "cause", failure.cause).increment();
                if (!failure.retryable || attempt == settings.maxAttempts()) {
                    throw new LlmUnavailableException(failure.cause + " after " + attempt + " attempt(s): "
                            + safeMessage(e, failure), e, Usage.NONE);
                }
                counter("rebase.llm.retries", "cause", failure.cause).increment();
                sleeper.sleep(delay(attempt, failure.retryAfter));
            }
        }
        throw new LlmUnavailableException("no attempt made", last, Usage.NONE);
    }

    /**
     * The wait before attempt {@code attempt + 1}: Retry-After when given, else capped exponential with jitter;
     * never shorter than {@code base-delay} nor longer than {@code max-retry-after}, whatever the server sent.
     */
    Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            Duration floor = settings.baseDelay();
            Duration capped = retryAfter.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : retryAfter;
            return capped.compareTo(floor) < 0 ? floor : capped;
        }
        double exp = settings.baseDelay().toMillis() * Math.pow(2, Math.min(attempt - 1, 30));
        double capped = Math.min(settings.maxDelay().toMillis(), exp);
        // "equal jitter": at least half the backoff, so replicas that failed together do not retry together
        return Duration.ofMillis((long) (capped / 2 + ThreadLocalRandom.current().nextDouble() * capped / 2));
    }

    private record Failure(String cause, boolean retryable, Duration retryAfter) {
    }

    /** Whether the call failed because this thread was interrupted (shutdown), which is no fault of the row. */
    private static boolean interrupted(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.util.concurrent.CancellationException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    private static Failure classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LlmHttpException http) {
                int s = http.statusCode();
                if (s == 429) {
                    return new Failure("rate-limited", true, http.retryAfter());
                }
                if (s >= 500 || s == 408) {
                    return new Failure("http-" + s, true, http.retryAfter());
                }
                return new Failure("http-" + s, false, null);
            }
            if (t instanceof LlmHttpClient.LlmTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof dev.langchain4j.exception.TimeoutException) {
                return new Failure("timeout", true, null);
            }
            if (t instanceof IOException) {
                return new Failure("connection", true, null);
            }
        }
        return new Failure("error", false, null);
    }

    private Usage account(String modelName, TokenUsage usage) {
        long in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        double cost = settings.cost(modelName, in, out);
        counter("rebase.llm.tokens", "type", "prompt", "model", modelName).increment(in);
        counter("rebase.llm.tokens", "type", "completion", "model", modelName).increment(out);
        counter("rebase.llm.cost.usd", "model", modelName).increment(cost);
        return new Usage(in, out, cost, 1);
    }

    private Timer timer(String modelName, String outcome) {
        return Timer.builder("rebase.llm.latency").tag("model", modelName).tag("outcome", outcome)
                .publishPercentileHistogram().register(registry);
    }

    private Counter counter(String name, String... tags) {
        return registry.counter(name, tags);
    }

    private static long estimateTokens(List<ChatMessage> messages) {
        // about four characters per token for English text
        return messages.stream().mapToLong(m -> m.toString().length()).sum() / 4;
    }

    /**
     * What a failed call says in events and dead-letter headers: the status and reason class of an HTTP error,
     * the kind of a transport error, never a provider's body or an exception message that may quote one.
     */
    private String safeMessage(Throwable e, Failure failure) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LlmHttpException http) {
                return http.getMessage();
            }
        }
        if (failure.cause.equals("timeout")) {
            return "no answer within " + settings.requestTimeout();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
