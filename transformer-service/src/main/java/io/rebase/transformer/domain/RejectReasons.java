package io.rebase.transformer.domain;

/** The reason codes of ROW_REJECTED events and dead letters, in one place so that dashboards can rely on them. */
public final class RejectReasons {
    // validation (both modes)
    public static final String MISSING_FIELD = "missing-field";
    public static final String TOO_LONG = "too-long";
    public static final String LABEL_NOT_IN_SET = "label-not-in-set";
    public static final String ANSWER_NOT_IN_CONTEXT = "answer-not-in-context";
    public static final String ANSWER_NOT_AN_OPTION = "answer-not-an-option";
    public static final String EMPTY_OUTPUT = "empty-output";
    /** A code-generation target whose brackets or string literals are not closed ({@code CodeShape}). */
    public static final String UNPARSABLE_CODE = "unparsable-code";
    // mapping mode
    public static final String NO_FIELD_MAPPING = "no-field-mapping";
    public static final String NO_OUTPUT_COLUMN = "no-output-column";
    public static final String LABEL_NOT_MAPPABLE = "label-not-mappable";
    public static final String UNANSWERABLE = "unanswerable";
    // llm mode
    public static final String LLM_INVALID_JSON = "llm-invalid-json";
    public static final String JUDGE_REJECTED = "judge-rejected";
    /** An extractive-QA context the model wrote that is not the row's own text. */
    public static final String CONTEXT_NOT_FROM_ROW = "context-not-from-row";
    // llm mode, task-level: the first such rejection of a task also publishes its FAILED event
    public static final String LLM_BUDGET_EXHAUSTED = "llm-budget-exhausted";
    public static final String LLM_MODEL_NOT_PRICED = "llm-model-not-priced";
    /** A row of a task a user cancelled: not transformed, counted like any rejection. */
    public static final String TASK_CANCELLED = "task-cancelled";
    // dead letters
    public static final String MALFORMED_RECORD = "malformed-record";
    public static final String LLM_UNAVAILABLE = "llm-unavailable";
    public static final String LLM_NOT_CONFIGURED = "llm-not-configured";
    public static final String UNEXPECTED_ERROR = "unexpected-error";

    /** The rejections that stop the task's LLM work: every later row of the task gets the same one. */
    public static boolean stopsTask(String reason) {
        return LLM_BUDGET_EXHAUSTED.equals(reason) || LLM_MODEL_NOT_PRICED.equals(reason);
    }

    private RejectReasons() {
    }
}
