package io.rebase.student.model;

/** The shape of a task head's output. */
public enum HeadKind {
    /** One logit per label from the pooled sequence: [B, labels]. */
    SEQUENCE("classifier"),
    /** A start and an end logit per token: [B, L, 2]. */
    SPAN("qa_outputs"),
    /** One score per (question, option) sequence from the pooled sequence: [B, 1]. */
    CHOICE("classifier");

    private final String weightPrefix;

    HeadKind(String weightPrefix) {
        this.weightPrefix = weightPrefix;
    }

    /** The Hugging Face module name of the head's linear layer. */
    public String weightPrefix() {
        return weightPrefix;
    }
}
