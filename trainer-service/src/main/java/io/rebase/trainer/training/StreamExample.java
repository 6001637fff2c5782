package io.rebase.trainer.training;

import io.rebase.student.data.Example;

/**
 * A stored example of a task's stream, as training sees it.
 *
 * @param id        arrival order in the database (a unit resumes after the last id it consumed)
 * @param exampleId the example's id, which decides whether it is held out
 * @param example   input, output and rationale
 */
public record StreamExample(long id, String exampleId, Example example) {
}
