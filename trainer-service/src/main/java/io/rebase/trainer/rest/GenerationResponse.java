package io.rebase.trainer.rest;

import io.rebase.trainer.decoder.Generation;

/**
 * A decoder student's prediction.
 *
 * @param taskId    the task
 * @param taskType  the task type
 * @param output    the extracted answer (as {@code output} of an encoder's prediction)
 * @param text      the whole generated text
 * @param rationale what precedes the answer line (empty without one)
 * @param answer    the extracted answer: the answer line; the option letter (multiple choice); the label
 *                  (classification, by name or synonym); null when the text names no label or option
 */
public record GenerationResponse(String taskId, String taskType, String output, String text, String rationale, String answer) {

    static GenerationResponse of(String taskId, String taskType, Generation g) {
        return new GenerationResponse(taskId, taskType, g.answer(), g.text(), g.rationale(), g.answer());
    }
}
