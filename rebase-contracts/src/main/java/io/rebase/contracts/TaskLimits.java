package io.rebase.contracts;

/** Size limits of a task request; the JSON Schema ({@code schemas/task-request.schema.json}) states the same. */
public final class TaskLimits {
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    public static final int MAX_TASK_ID_LENGTH = 64;
    public static final int MAX_INSTRUCTION_LENGTH = 8_000;
    public static final int MAX_EXAMPLES = 64;
    public static final int MAX_FIELDS = 16;
    public static final int MAX_FIELD_NAME_LENGTH = 64;
    public static final int MAX_FIELD_TEXT_LENGTH = 20_000;
    public static final int MAX_OUTPUT_LENGTH = 5_000;
    public static final int MAX_RATIONALE_LENGTH = 5_000;
    public static final int MAX_LABELS = 200;
    public static final int MAX_LABEL_LENGTH = 200;
    public static final int MAX_TOP_ROWS = 100_000;
    public static final int MAX_EXCLUDED_DATASETS = 1_000;
    public static final int MAX_DECONTAMINATION_TEXTS = 10_000;

    private TaskLimits() {
    }
}
