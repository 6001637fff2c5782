package io.rebase.transformer.domain;

import io.rebase.contracts.TrainingExample;

/**
 * How one candidate row ended. Every row ends as exactly one of these: an example, a rejection (with a
 * reason code) or a dead letter (the row itself could not be processed: malformed record, LLM unreachable
 * after bounded retries).
 */
public sealed interface Outcome {

    /** The row became a training example. */
    record Transformed(TrainingExample example, Usage usage) implements Outcome {
    }

    /** The row cannot become an example for this task; {@code reason} is a short code such as {@code label-not-mappable}. */
    record Rejected(String reason, String message, Usage usage) implements Outcome {
    }

    /** The row could not be processed; it goes to the dead-letter topic with the error. */
    record DeadLettered(String reason, String message, Usage usage) implements Outcome {
    }

    /** LLM tokens and cost spent on the row, also for rejected and dead-lettered rows. */
    Usage usage();

    static Rejected rejected(String reason, String message) {
        return new Rejected(reason, message, Usage.NONE);
    }

    static DeadLettered deadLettered(String reason, String message) {
        return new DeadLettered(reason, message, Usage.NONE);
    }
}
