package io.rebase.trainer.plan;

/** A task the trainer cannot train as requested; names the request field at fault. */
public class PlanException extends RuntimeException {

    private final String field;

    public PlanException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The offending request field, e.g. {@code evaluation.evalSetPath}. */
    public String field() {
        return field;
    }

    /** The message without the field. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
