package io.rebase.commons.events;

import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskEventReaderTest {

    private static String event(String taskId, TaskEventType type) {
        return Json.write(TaskEvent.of(taskId, type, "retriever-service", null, "m", Map.of()));
    }

    @Test
    void readsTheEventsOfItsTypesOnly() {
        TaskEventReader ends = TaskEventReader.terminal();
        assertThat(ends.read(event("t1", TaskEventType.CANCELLED), 0)).get().extracting(TaskEvent::type)
                .isEqualTo(TaskEventType.CANCELLED);
        assertThat(ends.read(event("t1", TaskEventType.COMPLETED), 0)).isPresent();
        assertThat(ends.read(event("t1", TaskEventType.RETRIEVED), 0)).isEmpty();
        assertThat(TaskEventReader.of(TaskEventType.CANCELLED).read(event("t1", TaskEventType.FAILED), 0)).isEmpty();
    }

    @Test
    void aTypeNamedOnlyInsideAFieldIsNotTaken() {
        // the message names CANCELLED, the event is a progress one: parsed, then refused by its type
        String progress = Json.write(TaskEvent.of("t1", TaskEventType.TRANSFORM_PROGRESS, "transformer-service", 3L,
                "\"CANCELLED\" rows: 0", Map.of()));
        assertThat(TaskEventReader.of(TaskEventType.CANCELLED).read(progress, 0)).isEmpty();
    }

    @Test
    void unreadableRecordsAndInvalidTaskIdsAreSkipped() {
        TaskEventReader cancels = TaskEventReader.of(TaskEventType.CANCELLED);
        assertThat(cancels.read(null, 0)).isEmpty();
        assertThat(cancels.read("{\"type\":\"CANCELLED\", broken", 7)).isEmpty();
        assertThat(cancels.read(event("..", TaskEventType.CANCELLED), 0)).isEmpty();
    }
}
