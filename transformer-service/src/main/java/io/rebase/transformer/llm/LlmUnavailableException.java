package io.rebase.transformer.llm;

import io.rebase.transformer.domain.Usage;

/** The LLM could not answer: retries exhausted, or an error that no retry fixes (401, 404, 400). */
public class LlmUnavailableException extends Exception {

    private final transient Usage usage;

    public LlmUnavailableException(String message, Throwable cause, Usage usage) {
        super(message, cause);
        this.usage = usage;
    }

    /** What the failed attempts still cost (usually nothing). */
    public Usage usage() {
        return usage;
    }
}
