package io.rebase.transformer.llm;

import dev.langchain4j.exception.HttpException;

import java.time.Duration;

/** A non-2xx answer of the LLM endpoint, with its Retry-After (when sent) so that backoff can honour it. */
public class LlmHttpException extends HttpException {

    private final Duration retryAfter;

    public LlmHttpException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** The server's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
