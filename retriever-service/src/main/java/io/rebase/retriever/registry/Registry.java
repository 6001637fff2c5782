package io.rebase.retriever.registry;

import io.rebase.contracts.TaskEventType;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry as the retrieval and the publishing step see it: the registered configs, the row payloads and the
 * stored selections. Each call is one transaction of its own; no caller holds one open.
 */
public interface Registry {

    /** Every registered config. */
    List<RegisteredConfig> configs();

    /** The cells (column to text) of those of {@code rowIds} that are stored; absent ids are left out. */
    Map<String, Map<String, String>> payloads(Collection<String> rowIds);

    /** When the selection of {@code taskId} was published in full, empty when it was not (or does not exist). */
    Optional<Instant> publishedAt(String taskId);

    /** Stores (or replaces) the selection of {@code taskId}, as JSON, not yet published. */
    void saveSelection(String taskId, Instant createdAt, int rowCount, String json);

    /** Marks the stored selection of {@code taskId} published. */
    void markPublished(String taskId, Instant at);

    /** The stored selection of {@code taskId}, as JSON. */
    Optional<String> selectionJson(String taskId);

    /** How {@code taskId} ended, empty while the retriever knows of no end. */
    Optional<TaskEnd> taskEnd(String taskId);

    /**
     * Records that {@code taskId} ended with {@code outcome} (a terminal event type) unless an end is recorded
     * already: the first end wins. {@code announcedAt} may be null (a CANCELLED event not yet published).
     *
     * @return the task's end: this one ({@link TaskEnd#recorded()}) or the earlier one
     */
    TaskEnd recordEnd(String taskId, TaskEventType outcome, Instant at, Instant announcedAt);

    /** Notes that the event of the task's recorded end is on the broker. */
    void markEndAnnounced(String taskId, Instant at);
}
