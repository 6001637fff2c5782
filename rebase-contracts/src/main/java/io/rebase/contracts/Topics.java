package io.rebase.contracts;

/**
 * Kafka topic names shared by every service.
 *
 * <p>The services' {@code application.properties} spell the same names (with an optional
 * {@code rebase.topic-prefix}); a test checks that the two stay in sync.
 */
public final class Topics {

    /** Task requests produced by users (key: taskId, value: {@link TaskRequest}). */
    public static final String TASK_REQUESTS = "task-requests";
    /** Rows retrieved for a task (key: rowId, value: {@link CandidateRow}). */
    public static final String CANDIDATE_ROWS = "candidate-rows";
    /** Task-formatted examples (key: taskId, value: {@link TrainingExample}). */
    public static final String TRAINING_EXAMPLES = "training-examples";
    /** Progress feed of every task (key: taskId, value: {@link TaskEvent}). */
    public static final String TASK_EVENTS = "task-events";
    /** Suffix of the dead-letter topic of each consumed topic. */
    public static final String DLQ_SUFFIX = "-dlq";

    /** Every topic the system uses, dead-letter topics included. */
    public static final java.util.List<String> ALL = java.util.List.of(
            TASK_REQUESTS, CANDIDATE_ROWS, TRAINING_EXAMPLES, TASK_EVENTS,
            dlq(TASK_REQUESTS), dlq(CANDIDATE_ROWS), dlq(TRAINING_EXAMPLES));

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** Kafka header names carried by dead-letter and rejection records. */
    public static final class Headers {
        /** Why the record failed (set by the services in addition to smallrye's own dead-letter headers). */
        public static final String FAILURE_REASON = "rebase-failure-reason";
        /** The offending field, where one is known. */
        public static final String FAILURE_FIELD = "rebase-failure-field";
        /**
         * The W3C trace context of the task the record belongs to ({@code 00-<trace id>-<parent span id>-<flags>}),
         * see {@link TraceParent}; the services read and write it through OpenTelemetry when tracing is on.
         */
        public static final String TRACEPARENT = "traceparent";
        /** The W3C trace state that may accompany {@link #TRACEPARENT}. */
        public static final String TRACESTATE = "tracestate";

        private Headers() {
        }
    }
}
