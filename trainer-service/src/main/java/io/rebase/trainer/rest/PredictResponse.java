package io.rebase.trainer.rest;

import io.rebase.contracts.TaskType;
import io.rebase.student.eval.Prediction;

import java.util.Map;

/**
 * A prediction.
 *
 * @param taskId        the task
 * @param taskType      classification, extractive-qa or multiple-choice
 * @param output        the label, the answer span, or the option letter
 * @param label         classification: the label
 * @param answer        extractive QA: the answer text
 * @param option        multiple choice: the option letter
 * @param score         probability of the label/option; QA: start+end logit of the span
 * @param probabilities label or option probabilities (empty for QA)
 * @param answerStart   QA: character offset of the answer in the context
 * @param answerEnd     QA: exclusive end offset
 */
public record PredictResponse(String taskId, String taskType, String output, String label, String answer, String option,
                              double score, Map<String, Double> probabilities, Integer answerStart, Integer answerEnd) {

    static PredictResponse of(String taskId, String taskType, Prediction p) {
        boolean qa = TaskType.EXTRACTIVE_QA.wireName().equals(taskType);
        boolean mc = TaskType.MULTIPLE_CHOICE.wireName().equals(taskType);
        return new PredictResponse(taskId, taskType, p.output(), !qa && !mc ? p.output() : null, qa ? p.output() : null,
                mc ? p.output() : null, p.score(), p.probabilities(), qa ? p.answerStart() : null, qa ? p.answerEnd() : null);
    }
}
