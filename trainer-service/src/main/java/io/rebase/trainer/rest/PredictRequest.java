package io.rebase.trainer.rest;

import java.util.Map;

/**
 * Body of {@code POST /tasks/{id}/predict}.
 *
 * @param input the task's input fields by name, e.g. {@code {"sentence": "..."}}
 */
public record PredictRequest(Map<String, String> input) {
}
