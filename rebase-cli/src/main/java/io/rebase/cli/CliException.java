package io.rebase.cli;

/** A failure to report to the user as one clear message, without a stack trace. */
public class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}
