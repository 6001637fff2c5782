package io.rebase.student.eval;

import java.util.Map;

/**
 * A served prediction.
 *
 * @param output        the label, answer text, or option letter
 * @param score         probability of the label/option; for QA the start+end logit sum of the span
 * @param probabilities label or option letter probabilities (empty for QA)
 * @param answerStart   QA: character offset of the answer in the context; -1 otherwise
 * @param answerEnd     QA: exclusive end offset; -1 otherwise
 */
public record Prediction(String output, double score, Map<String, Double> probabilities, int answerStart, int answerEnd) {}
