package io.rebase.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.rebase.contracts.TaskLimits.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The table of size limits agrees with itself, and an event about a huge field is cut to fit it. */
class TaskLimitsTest {

    /** UTF-8 needs at most three bytes per Java char (a surrogate pair, two chars, takes four). */
    static final int UTF8_BYTES_PER_CHAR = 3;

    @Test
    void everyLimitFitsTheOneAboveIt() {
        // a request fits the stored and announced form of itself
        assertThat(MAX_STORED_REQUEST_BYTES).isGreaterThanOrEqualTo(MAX_MESSAGE_BYTES);
        // every field of a request fits a request
        assertThat((long) MAX_EXAMPLES * MAX_FIELDS * MAX_FIELD_TEXT_LENGTH).isGreaterThan(0);
        assertThat(MAX_FIELD_TEXT_LENGTH * UTF8_BYTES_PER_CHAR).isLessThan(MAX_MESSAGE_BYTES);
        assertThat(MAX_INSTRUCTION_LENGTH * UTF8_BYTES_PER_CHAR).isLessThan(MAX_MESSAGE_BYTES);
        // a record that a producer may write can be dead-lettered with its headers
        assertThat(MAX_PRODUCED_RECORD_BYTES + DEAD_LETTER_HEADROOM_BYTES).isLessThanOrEqualTo(MAX_KAFKA_RECORD_BYTES);
        assertThat(2 * MAX_EVENT_TEXT_CHARS * UTF8_BYTES_PER_CHAR + 1_024).isLessThanOrEqualTo(DEAD_LETTER_HEADROOM_BYTES);
        // a row with the task it carries fits a produced record
        assertThat(MAX_ROW_BYTES).isPositive();
        assertThat((long) MAX_ROW_BYTES + MAX_STORED_REQUEST_BYTES).isLessThan(MAX_PRODUCED_RECORD_BYTES);
        // a fitted event (a REQUESTED one carries the task) fits a produced record
        long event = (long) MAX_EVENT_DETAILS_CHARS * UTF8_BYTES_PER_CHAR + 4L * MAX_EVENT_TEXT_CHARS * UTF8_BYTES_PER_CHAR + 4_096;
        assertThat(event).isLessThanOrEqualTo(MAX_PRODUCED_RECORD_BYTES);
        assertThat(MAX_EVENT_DETAILS_CHARS).isGreaterThan(MAX_STORED_REQUEST_BYTES);
        // the trainer keeps a FAILED event's source and message in a 4,000-character column
        assertThat(200 + 2 + MAX_EVENT_TEXT_CHARS).isLessThanOrEqualTo(4_000);
    }

    @Test
    void aFailedEventAboutAHugeFieldIsCutToFit() {
        String huge = "x".repeat(1_500_000);
        TaskEvent failed = TaskEvent.failed("t-huge", "retriever-service", "examples[0].input.text",
                "longer than 20000 characters: " + huge).fitted();
        assertThat(failed.message()).hasSizeLessThanOrEqualTo(MAX_EVENT_TEXT_CHARS).startsWith("examples[0].input.text: longer")
                .endsWith("characters, cut)");
        assertThat(failed.reason()).hasSizeLessThanOrEqualTo(MAX_EVENT_TEXT_CHARS);
        assertThat(Json.write(failed).getBytes(StandardCharsets.UTF_8).length).isLessThan(3 * MAX_EVENT_TEXT_CHARS + 1_024);

        TaskEvent big = TaskEvent.of("t-big", TaskEventType.REQUESTED, "retriever-service", null, "task accepted",
                Map.of("task", "y".repeat(MAX_EVENT_DETAILS_CHARS))).fitted();
        assertThat(big.details()).containsEntry("truncated", true);
        TaskEvent small = TaskEvent.requested("t-small", "retriever-service").fitted();
        assertThat(small.message()).isEqualTo("task accepted");
    }

    @Test
    void cutKeepsShortTextAndMarksTheCut() {
        assertThat(TaskLimits.cut("short", 10)).isEqualTo("short");
        assertThat(TaskLimits.cut(null, 10)).isNull();
        assertThat(TaskLimits.cut("z".repeat(500), 100)).hasSize(100).endsWith("(500 characters, cut)");
    }
}
