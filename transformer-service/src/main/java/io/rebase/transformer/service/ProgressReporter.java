package io.rebase.transformer.service;

import io.rebase.commons.events.TaskEvents;
import io.rebase.transformer.domain.TaskTotals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a TRANSFORM_PROGRESS event per task whose totals changed, every interval and once more on stop.
 * The totals are this replica's ({@code details.replica} says which): a reader sums the latest event of each
 * replica.
 */
public final class ProgressReporter implements AutoCloseable {

    private final TransformStats stats;
    private final TaskEvents events;
    private ScheduledExecutorService scheduler;

    public ProgressReporter(TransformStats stats, OutcomePublisher publisher) {
        this.stats = stats;
        this.events = new TaskEvents(publisher::event, publisher.source());
    }

    /** Starts the periodic reports. */
    public synchronized void start(Duration interval) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "transform-progress");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::publishChanged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes the changed totals now. */
    public void publishChanged() {
        for (TaskTotals t : stats.changedSinceLastCall()) {
            publish(t);
        }
    }

    /** Sends the TRANSFORM_PROGRESS event of {@code t} without waiting: the next report supersedes a lost one. */
    private void publish(TaskTotals t) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("replica", t.replica());
        details.put("rows", t.rows());
        details.put("transformed", t.transformed());
        details.put("rejected", t.rejected());
        details.put("rejectedByReason", t.rejectedByReason());
        details.put("deadLettered", t.deadLettered());
        details.put("promptTokens", t.promptTokens());
        details.put("completionTokens", t.completionTokens());
        details.put("costUsd", t.costUsd());
        events.transformProgress(t.taskId(), t.transformed(),
                t.transformed() + " transformed, " + t.rejected() + " rejected, " + t.deadLettered() + " dead-lettered",
                details);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
            publishChanged();
        }
    }
}
