package io.rebase.trainer.decoder;

import java.util.Map;

/**
 * One generated answer, as served and reported.
 *
 * @param input     the input fields
 * @param text      the whole generated text
 * @param rationale what precedes the answer line (empty without one)
 * @param answer    the extracted answer (null when a classification / multiple-choice text names no label / option)
 * @param gold      the gold answer, or null when serving
 */
public record Generation(Map<String, String> input, String text, String rationale, String answer, String gold) {
}
