package io.rebase.retriever.publish;

import io.rebase.commons.events.TaskEvents;
import io.rebase.commons.resilience.Outages;
import io.rebase.commons.resilience.Retry;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import io.rebase.retriever.registry.RegisteredConfig;
import io.rebase.retriever.registry.Registry;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The retriever's registry calls across a database outage: a lost connection is retried, not dead-lettered; a failure
 * that remains, wherever it happens (also the look-up before retrieval), is announced with FAILED before the request
 * goes to the dead-letter topic.
 */
class RetrievalHandlerOutageTest {

    static final TaskRequest REQUEST = TaskRequestParser.parse("""
            {"taskId":"outage-r","instruction":"Classify the sentiment.","taskType":"classification",
             "labels":["positive","negative"],"examples":[{"input":{"sentence":"great"},"output":"positive"}]}""");

    private final List<TaskEvent> published = new ArrayList<>();
    private final Outages outages = new Outages(() -> true, new Retry(Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(50)));
    private final TaskEvents events = new TaskEvents(event -> {
        published.add(event);
        return CompletableFuture.completedFuture(null);
    }, "retriever-service");

    @Test
    void aLostConnectionIsRetriedNotDeadLettered() {
        AtomicInteger lookups = new AtomicInteger();
        Instant before = Instant.parse("2026-01-01T00:00:00Z");
        RetrievalHandler handler = new RetrievalHandler(null, null, events, registry(taskId -> {
            if (lookups.incrementAndGet() < 3) {
                throw new IllegalStateException("JDBC", new SQLException("Connection refused", "08001"));
            }
            return Optional.of(before);
        }), outages);
        handler.handle(REQUEST);
        assertThat(lookups).hasValue(3);
        assertThat(published).as("a repeated request: nothing retrieved, nothing failed").isEmpty();
    }

    @Test
    void aFailingLookUpIsAnnouncedWithFailedBeforeTheDeadLetter() {
        RetrievalHandler handler = new RetrievalHandler(null, null, events, registry(taskId -> {
            throw new IllegalStateException("relation \"retriever_selection\" does not exist");
        }), outages);
        assertThatThrownBy(() -> handler.handle(REQUEST)).hasMessageContaining("does not exist");
        assertThat(published).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(TaskEventType.FAILED);
            assertThat(e.taskId()).isEqualTo("outage-r");
            assertThat(e.message()).contains("does not exist");
        });
    }

    private static Registry registry(java.util.function.Function<String, Optional<Instant>> publishedAt) {
        return new Registry() {
            @Override
            public Optional<io.rebase.retriever.registry.TaskEnd> taskEnd(String taskId) {
                return Optional.empty();
            }

            @Override
            public io.rebase.retriever.registry.TaskEnd recordEnd(String taskId, io.rebase.contracts.TaskEventType outcome,
                                                                  Instant at, Instant announcedAt) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void markEndAnnounced(String taskId, Instant at) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<RegisteredConfig> configs() {
                return List.of();
            }

            @Override
            public Map<String, Map<String, String>> payloads(Collection<String> rowIds) {
                return Map.of();
            }

            @Override
            public Optional<Instant> publishedAt(String taskId) {
                return publishedAt.apply(taskId);
            }

            @Override
            public void saveSelection(String taskId, Instant createdAt, int rowCount, String json) {
            }

            @Override
            public void markPublished(String taskId, Instant at) {
            }

            @Override
            public Optional<String> selectionJson(String taskId) {
                return Optional.empty();
            }
        };
    }
}
