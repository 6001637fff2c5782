package io.rebase.trainer.rest;

/**
 * An error body.
 *
 * @param error a human-readable sentence
 * @param field the request field at fault, when there is one
 */
public record ErrorResponse(String error, String field) {
}
