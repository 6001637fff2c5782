package io.rebase.contracts;

/**
 * The one table of size limits: of a task request (the JSON Schema {@code schemas/task-request.schema.json} states
 * the same), of rows, events and Kafka records. Every other limit is derived from these: producers'
 * {@code max.request.size} ({@code rebase.kafka.*} in the services' shared configuration), event truncation
 * ({@link TaskEvent#fitted()}), the trainer's stored request. {@code TaskLimitsTest} checks that they agree.
 */
public final class TaskLimits {
    // ---- a task request ----
    /** A task request as sent (REST body or task-requests record), in bytes. */
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
    /**
     * A validated request written back as JSON, in UTF-8 bytes (hence also in characters): what a REQUESTED event
     * carries and the trainer stores. Twice the request's bytes, because re-serialising may escape what the sender
     * wrote raw; {@link TaskRequestParser} refuses a request whose JSON is longer still.
     */
    public static final int MAX_STORED_REQUEST_BYTES = 2 * MAX_MESSAGE_BYTES;

    // ---- Kafka records ----
    /** The broker's and every topic's {@code max.message.bytes} (deploy/k8s/base/kafka/topics.yaml, the embedded broker). */
    public static final int MAX_KAFKA_RECORD_BYTES = 16 * 1024 * 1024;
    /** Room kept in a record for the headers a dead-letter copy adds (failure reason and message). */
    public static final int DEAD_LETTER_HEADROOM_BYTES = 64 * 1024;
    /**
     * {@code max.request.size} of every producer of original records (rows, examples, events): one that fits can
     * always be dead-lettered with its headers, whose producers get the whole {@link #MAX_KAFKA_RECORD_BYTES}.
     */
    public static final int MAX_PRODUCED_RECORD_BYTES = MAX_KAFKA_RECORD_BYTES - DEAD_LETTER_HEADROOM_BYTES;

    // ---- rows and events ----
    /** A candidate row's cells as JSON, in bytes: with the task it carries and its metadata, a row fits a produced record. */
    public static final int MAX_ROW_BYTES = MAX_PRODUCED_RECORD_BYTES - MAX_STORED_REQUEST_BYTES - 64 * 1024;
    /** An event's message, reason and field, and a dead letter's message header, in characters (longer ones are cut). */
    public static final int MAX_EVENT_TEXT_CHARS = 2_000;
    /** An event's details as JSON, in characters (larger details are dropped, and the event says so). */
    public static final int MAX_EVENT_DETAILS_CHARS = MAX_STORED_REQUEST_BYTES + 64 * 1024;

    private TaskLimits() {
    }

    /** {@code text} cut to {@code maxChars}, the cut marked; null stays null. */
    public static String cut(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        String marker = "... (" + text.length() + " characters, cut)";
        return text.substring(0, Math.max(0, maxChars - marker.length())) + marker;
    }
}
