package io.rebase.trainer.expiry;

import io.rebase.trainer.config.TrainerSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Drops what the trainer keeps in memory per task (meters tagged with the task, back-off counts, the loaded served
 * model) {@code state-expiry} after the task ended (COMPLETED or FAILED), so that memory and the metrics endpoint do
 * not grow with every task ever run. The owners of such state register a forget action; the training threads call
 * {@link #sweep()}. The database rows, the files and the reports stay: a prediction after expiry reloads the model.
 */
@Singleton
public class TaskStateExpiry {

    private final Duration after;
    private final Clock clock;
    private final Map<String, Instant> ended = new ConcurrentHashMap<>();
    private final List<Consumer<String>> forgetters = new CopyOnWriteArrayList<>();

    @Inject
    public TaskStateExpiry(TrainerSettings settings) {
        this(settings.stateExpiry(), Clock.systemUTC());
    }

    public TaskStateExpiry(Duration after, Clock clock) {
        this.after = after.isNegative() ? Duration.ZERO : after;
        this.clock = clock;
    }

    /** Registers what to do to forget a task's state. */
    public void onExpiry(Consumer<String> forget) {
        forgetters.add(forget);
    }

    /** The task ended now (a terminal event): its state is forgotten {@code state-expiry} from now. */
    public void ended(String taskId) {
        ended.putIfAbsent(taskId, clock.instant());
    }

    /** Tasks ended and not yet forgotten. */
    public int pending() {
        return ended.size();
    }

    /**
     * Forgets the state of every task that ended at least {@code state-expiry} ago.
     *
     * @return the tasks forgotten
     */
    public List<String> sweep() {
        Instant now = clock.instant();
        List<String> due = new ArrayList<>();
        ended.forEach((taskId, at) -> {
            if (Duration.between(at, now).compareTo(after) >= 0 && ended.remove(taskId, at)) {
                due.add(taskId);
            }
        });
        for (String taskId : due) {
            forgetters.forEach(f -> f.accept(taskId));
        }
        return due;
    }
}
