package io.rebase.transformer.domain;

/** LLM tokens and estimated cost (USD) spent on one row. */
public record Usage(long promptTokens, long completionTokens, double costUsd, int calls) {

    public static final Usage NONE = new Usage(0, 0, 0, 0);

    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                costUsd + other.costUsd, calls + other.calls);
    }
}
