package io.rebase.commons.events;

import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TaskIds;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code task-events} records a consumer cares about: the events of some types, for a valid task id.
 * Most records on the feed are progress, so a record whose text names none of the types is skipped without being
 * parsed; an unreadable one is skipped with a warning naming its offset.
 */
public final class TaskEventReader {

    private static final System.Logger LOG = System.getLogger(TaskEventReader.class.getName());

    private final Set<TaskEventType> types;
    private final String[] quotedNames;

    private TaskEventReader(Set<TaskEventType> types) {
        this.types = types;
        this.quotedNames = types.stream().map(t -> "\"" + t.name() + "\"").toArray(String[]::new);
    }

    /** A reader of the events of {@code types}. */
    public static TaskEventReader of(TaskEventType first, TaskEventType... rest) {
        return new TaskEventReader(EnumSet.of(first, rest));
    }

    /** A reader of the events that end a task (COMPLETED, FAILED, CANCELLED). */
    public static TaskEventReader terminal() {
        return of(TaskEventType.COMPLETED, TaskEventType.FAILED, TaskEventType.CANCELLED);
    }

    /**
     * The event in {@code value} when it is of one of this reader's types and names a valid task id.
     *
     * @param offset the record's offset, for the warning about an unreadable record
     */
    public Optional<TaskEvent> read(String value, long offset) {
        if (value == null || !namesAType(value)) {
            return Optional.empty();
        }
        TaskEvent event;
        try {
            event = Json.read(value, TaskEvent.class);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring unreadable task event at offset %d: %s".formatted(offset, e.getMessage()));
            return Optional.empty();
        }
        if (event == null || !types.contains(event.type()) || !TaskIds.isValid(event.taskId())) {
            return Optional.empty();
        }
        return Optional.of(event);
    }

    private boolean namesAType(String value) {
        for (String name : quotedNames) {
            if (value.contains(name)) {
                return true;
            }
        }
        return false;
    }
}
