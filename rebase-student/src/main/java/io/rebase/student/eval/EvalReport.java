package io.rebase.student.eval;

import java.util.List;
import java.util.Map;

/**
 * Metrics of an evaluation run.
 *
 * @param metrics           classification and MC: {@code accuracy}, {@code macro_f1}; QA: {@code exact_match}, {@code f1}
 *                          (all in [0, 1])
 * @param count             examples evaluated
 * @param examplesPerSecond inference throughput
 * @param predictions       predictions in input order
 */
public record EvalReport(Map<String, Double> metrics, int count, double examplesPerSecond, List<Prediction> predictions) {}
