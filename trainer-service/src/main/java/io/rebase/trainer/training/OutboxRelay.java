package io.rebase.trainer.training;

import io.rebase.commons.messaging.TaskEventPublisher;
import io.rebase.commons.resilience.Outages;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the outbox: every second, the stored events not yet acknowledged, oldest first, each waited for until the
 * broker acknowledged it (riding out a broker outage, {@link Outages#deliver}) and then marked published. An event is
 * published at least once, also after a restart; a crash between the acknowledgement and the mark publishes it again,
 * which followers recognise by its task and type (a task has one COMPLETED or FAILED from the trainer). A task's events
 * wait while a unit of work still holds the task, so COMPLETED follows the report it announces.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;

    private final OutboxStore outbox;
    private final TaskEventPublisher publisher;
    private final TaskSessions sessions;
    private final Outages outages;
    private ScheduledExecutorService ticker;

    public OutboxRelay(OutboxStore outbox, TaskEventPublisher publisher, TaskSessions sessions, Outages outages) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.sessions = sessions;
        this.outages = outages;
    }

    /** Starts publishing (again, after {@link #stop()}). */
    public synchronized void start() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "trainer-outbox");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleWithFixedDelay(this::relay, 1, 1, TimeUnit.SECONDS);
        }
    }

    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    /** One round: publishes what is pending, in order per task; stops at the first error (the next round retries). */
    void relay() {
        try {
            List<OutboxStore.Pending> pending = outbox.pending(BATCH);
            Set<String> held = new HashSet<>();
            for (OutboxStore.Pending p : pending) {
                String taskId = p.event().taskId();
                if (held.contains(taskId) || !sessions.enter(taskId)) {
                    held.add(taskId); // a unit still works on the task: its events keep their order and wait
                    continue;
                }
                try {
                    outages.deliver(p.event().type() + " of " + taskId, () -> publisher.publish(p.event()));
                    outages.retryingRun("marking the outbox event " + p.id() + " published", () -> outbox.published(p.id()));
                } finally {
                    sessions.leave(taskId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox: publishing stopped for this round, retried in a second: %s", e.getMessage());
        }
    }
}
