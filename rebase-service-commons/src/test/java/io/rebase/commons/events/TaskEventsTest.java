package io.rebase.commons.events;

import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every typed event is the record the services published before, stamped with the service, on the wire alike. */
class TaskEventsTest {

    private final List<TaskEvent> sent = new ArrayList<>();
    private CompletableFuture<Void> ack = CompletableFuture.completedFuture(null);
    private final TaskEvents events = new TaskEvents(e -> {
        sent.add(e);
        return ack;
    }, "svc");

    @Test
    void eachTypedEventCarriesItsTypeSourceAndFields() {
        Map<String, Object> d = Map.of("k", 1);
        events.requested("t", d);
        events.retrieved("t", 7, d);
        events.transformProgress("t", 3, "3 transformed", d);
        events.rowRejected("t", "r1", "label-not-in-set", "no such label");
        events.rowDeadLettered("t", "r2", "timeout: x");
        events.trainingProgress("t", 8, "step 8", d);
        events.evaluated("t", 8, "accuracy 0.5", d);
        events.warning("t", "low-relevance", "rows are far", d);
        events.completed("t", 12, "trained", d);
        events.failed("t", "labels", "too few");
        events.failed("t", "transform", "llm-refused", "the model refused");

        assertThat(sent).extracting(TaskEvent::type).containsExactly(TaskEventType.REQUESTED, TaskEventType.RETRIEVED,
                TaskEventType.TRANSFORM_PROGRESS, TaskEventType.ROW_REJECTED, TaskEventType.ROW_DEAD_LETTERED,
                TaskEventType.TRAINING_PROGRESS, TaskEventType.EVALUATED, TaskEventType.WARNING, TaskEventType.COMPLETED,
                TaskEventType.FAILED, TaskEventType.FAILED);
        assertThat(sent).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("svc");
            assertThat(e.taskId()).isEqualTo("t");
            assertThat(e.timestamp()).isNotNull();
        });
        assertThat(sent).extracting(TaskEvent::count).containsExactly(null, 7L, 3L, null, null, 8L, 8L, null, 12L, null, null);
        assertThat(sent.get(0).message()).isEqualTo("task accepted");
        assertThat(sent.get(1).message()).isEqualTo("7 candidate rows");
        assertThat(sent.get(3)).extracting(TaskEvent::rowId, TaskEvent::reason, TaskEvent::message)
                .containsExactly("r1", "label-not-in-set", "no such label");
        assertThat(sent.get(4)).extracting(TaskEvent::rowId, TaskEvent::reason).containsExactly("r2", "dead-lettered");
        assertThat(sent.get(7)).extracting(TaskEvent::reason, TaskEvent::message, TaskEvent::details)
                .containsExactly("low-relevance", "rows are far", d);
        assertThat(sent.get(9)).extracting(TaskEvent::field, TaskEvent::reason, TaskEvent::message)
                .containsExactly("labels", "too few", "labels: too few");
        assertThat(sent.get(10)).extracting(TaskEvent::field, TaskEvent::reason, TaskEvent::message, TaskEvent::details)
                .containsExactly("transform", "llm-refused", "the model refused", Map.of());
    }

    @Test
    void theWireFormIsTheTaskEventRecordsJson() {
        TaskEvent typed = events.failed("t", "labels", "too few").event();
        TaskEvent legacy = TaskEvent.failed("t", "svc", "labels", "too few");
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Json.write(withTime(typed, at))).isEqualTo(Json.write(withTime(legacy, at)));
        assertThat(Json.read(Json.write(typed), TaskEvent.class)).isEqualTo(typed);
    }

    @Test
    void awaitReturnsOnTheAcknowledgementAndNamesTheEventWhenRefused() {
        events.completed("t", 1, "done", Map.of()).await();
        ack = CompletableFuture.failedFuture(new IllegalStateException("broker down"));
        SentEvent refused = events.completed("t", 1, "done", Map.of());
        assertThat(refused.acked().toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(refused::await).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot publish COMPLETED for t").hasRootCauseMessage("broker down");
    }

    @Test
    void anInterruptedWaitKeepsTheInterruptFlag() {
        ack = new CompletableFuture<>();
        SentEvent pending = events.failed("t", null, "x");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(pending::await).hasMessage("interrupted publishing FAILED for t");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void recognisesItsOwnEvents() {
        assertThat(events.isOwn(TaskEvent.failed("t", "svc", null, "x"))).isTrue();
        assertThat(events.isOwn(TaskEvent.failed("t", "other", null, "x"))).isFalse();
    }

    private static TaskEvent withTime(TaskEvent e, Instant at) {
        return new TaskEvent(e.taskId(), e.type(), at, e.source(), e.count(), e.rowId(), e.reason(), e.field(),
                e.message(), e.details());
    }
}
