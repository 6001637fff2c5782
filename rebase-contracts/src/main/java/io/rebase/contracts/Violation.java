package io.rebase.contracts;

/**
 * One problem found in a request.
 *
 * @param field   a JSON path such as {@code examples[1].output}, or {@code (message)} for the whole payload
 * @param message what is wrong with it
 */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
