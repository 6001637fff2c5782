package io.rebase.student.decoder;

/**
 * One generated continuation.
 *
 * @param tokens        the new token ids (an EOS that ended it included; tokens after a stop string kept)
 * @param text          the decoded new text, cut before a stop string; null without a {@link TokenText}
 * @param finishReason  {@code eos}, {@code stop} (a stop string) or {@code length}
 */
public record GeneratedSequence(int[] tokens, String text, String finishReason) {
}
