package io.rebase.transformer.llm;

import dev.langchain4j.exception.HttpException;

import java.time.Duration;

/**
 * A non-2xx answer of the LLM endpoint, with its Retry-After (when sent) so that backoff can honour it. The
 * provider's body is not kept: it can echo the prompt, account details or a key, and this exception's message
 * ends up in task events and dead-letter headers. Only the status and a short reason class remain.
 */
public class LlmHttpException extends HttpException {

    private final Duration retryAfter;

    public LlmHttpException(int statusCode, Duration retryAfter) {
        super(statusCode, "HTTP " + statusCode + " " + reasonClass(statusCode));
        this.retryAfter = retryAfter;
    }

    /** The server's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** A short, provider-independent name for an HTTP status. */
    public static String reasonClass(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorised";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 408 -> "request-timeout";
            case 413 -> "request-too-large";
            case 422 -> "unprocessable";
            case 429 -> "rate-limited";
            default -> status >= 500 ? "server-error" : status >= 400 ? "client-error" : "unexpected-status";
        };
    }
}
