package io.rebase.contracts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's task: an instruction, a task type and a handful of examples, plus optional settings.
 * Published on {@link Topics#TASK_REQUESTS}; validated by {@link TaskRequestValidator}.
 *
 * @param taskId      optional; the retriever assigns one when absent
 * @param instruction what the task is, in natural language
 * @param taskType    the kind of task
 * @param labels      the label set (classification only)
 * @param examples    one to a few demonstrations
 * @param retrieval   optional retrieval settings
 * @param transform   optional transformation settings
 * @param training    optional training settings
 * @param evaluation  optional evaluation settings
 */
public record TaskRequest(String taskId, String instruction, TaskType taskType, List<String> labels,
                          List<TaskExample> examples, RetrievalSettings retrieval, TransformSettings transform,
                          TrainingSettings training, EvaluationSettings evaluation) {

    /** The input field names used by the examples, in first-seen order. */
    public List<String> inputFields() {
        Set<String> fields = new LinkedHashSet<>();
        if (examples != null) {
            examples.stream().filter(e -> e != null && e.input() != null).forEach(e -> fields.addAll(e.input().keySet()));
        }
        return List.copyOf(fields);
    }

    /** A copy of this request carrying {@code id} as its task id. */
    public TaskRequest withTaskId(String id) {
        return new TaskRequest(id, instruction, taskType, labels, examples, retrieval, transform, training, evaluation);
    }
}
