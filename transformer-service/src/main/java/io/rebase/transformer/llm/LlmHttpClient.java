package io.rebase.transformer.llm;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The HTTP transport under langchain4j's {@code OpenAiChatModel}: the JDK client, but a non-2xx answer keeps
 * its Retry-After header ({@link LlmHttpException}) and a timeout stays recognisable
 * ({@link java.net.http.HttpTimeoutException} as cause), which the default transports do not expose.
 */
public final class LlmHttpClient implements HttpClient {

    private final java.net.http.HttpClient client;
    private final Duration readTimeout;

    private LlmHttpClient(Duration connectTimeout, Duration readTimeout) {
        this.client = java.net.http.HttpClient.newBuilder()
                .connectTimeout(connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout)
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        this.readTimeout = readTimeout == null ? Duration.ofSeconds(60) : readTimeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(readTimeout);
        request.headers().forEach((name, values) -> values.forEach(v -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")) {
                b.header(name, v);
            }
        }));
        String body = request.body();
        b.method(request.method().name(), body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new LlmTimeoutException("no answer from " + request.url() + " within " + readTimeout, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + request.url() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            java.util.concurrent.CancellationException cancelled =
                    new java.util.concurrent.CancellationException("interrupted while calling " + request.url());
            cancelled.initCause(e);
            throw cancelled;
        }
        Map<String, List<String>> headers = response.headers().map();
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            throw new LlmHttpException(response.statusCode(),
                    retryAfter(response.headers().firstValue("retry-after").orElse(null)));
        }
        return SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(headers)
                .body(response.body()).build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("the transformer does not stream");
    }

    /** Longer Retry-After values are read as this; {@link LlmClient} caps them further. */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(1);

    /**
     * Retry-After as seconds or an HTTP date; null when absent, unreadable, negative or not a number, so that the
     * caller falls back to its own backoff. A date in the past reads as zero, a huge value as one day.
     */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(value.trim());
            if (Double.isNaN(seconds) || seconds < 0) {
                return null;
            }
            return seconds >= LONGEST_RETRY_AFTER.toSeconds() ? LONGEST_RETRY_AFTER
                    : Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    /** A timeout of one request. */
    public static final class LlmTimeoutException extends RuntimeException {
        public LlmTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Builds {@link LlmHttpClient}s; langchain4j sets the timeouts. */
    public static final class Builder implements HttpClientBuilder {
        private Duration connectTimeout;
        private Duration readTimeout;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new LlmHttpClient(connectTimeout, readTimeout);
        }
    }
}
