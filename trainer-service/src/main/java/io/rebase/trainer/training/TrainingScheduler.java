package io.rebase.trainer.training;

import io.rebase.commons.resilience.Outages;
import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.expiry.TaskStateExpiry;
import io.rebase.trainer.plan.PlanException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Schedules training on a small pool of training threads ({@code workers}), never a Kafka thread. Each thread loops:
 * it gives the next unit of work to the oldest admitted task that has work ({@link InOrderTurns}), so tasks run to
 * completion in the order they arrived, and a younger task trains while the older ones wait on upstream data; when no
 * task has work it waits {@code tick-interval}. Never two units of one task at once. A failed unit backs the task off
 * ({@link Backoff}); one failed by a database or broker outage only waits; a task the trainer cannot train as requested fails.
 */
@ApplicationScoped
public class TrainingScheduler {

    private static final Logger LOG = Logger.getLogger(TrainingScheduler.class);

    private final TrainerSettings settings;
    private final TrainingRecords records;
    private final TaskUnits units;
    private final TaskSessions sessions;
    private final TaskCompletion completion;
    private final Outages outages;
    private final TaskStateExpiry expiry;
    private final Backoff backoff = new Backoff();
    private final InOrderTurns turns = new InOrderTurns();
    private CountDownLatch stopping;
    private ExecutorService pool;

    public TrainingScheduler(TrainerSettings settings, TrainingRecords records, TaskUnits units, TaskSessions sessions,
                             TaskCompletion completion, TaskStateExpiry expiry, Outages outages) {
        this.outages = outages;
        this.settings = settings;
        this.records = records;
        this.units = units;
        this.sessions = sessions;
        this.completion = completion;
        this.expiry = expiry;
        expiry.onExpiry(backoff::forget);
    }

    /** Starts the training threads (again, after {@link #stop()}). */
    public synchronized void start() {
        if (pool != null) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        int workers = Math.max(1, settings.workers());
        pool = Executors.newFixedThreadPool(workers, r -> daemon(r, "trainer-worker-" + n.incrementAndGet()));
        CountDownLatch stop = new CountDownLatch(1);
        stopping = stop;
        long idleWait = Math.max(10, settings.tickInterval().toMillis());
        for (int i = 0; i < workers; i++) {
            pool.execute(() -> loop(stop, idleWait));
        }
    }

    /**
     * Stops scheduling, lets running units finish, and drops every in-memory model without saving: the state a crash
     * leaves (the database and the checkpoints on disk). {@link #start()} resumes from there.
     */
    public synchronized void stop() {
        if (pool == null) {
            return;
        }
        stopping.countDown();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
                LOG.warn("training units still running after 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.closeAll();
        pool = null;
        stopping = null;
    }

    /** A training thread: one unit after another while there is work, a tick's wait when there is none. */
    private void loop(CountDownLatch stop, long idleWaitMillis) {
        while (stop.getCount() > 0) {
            String worked = null;
            try {
                expiry.sweep();
                worked = turns.next(records.activeTaskIds(), this::work);
            } catch (RuntimeException e) {
                LOG.warnf("trainer scheduling pass failed: %s", e.getMessage());
            }
            if (worked == null) {
                try {
                    // not interrupted on stop: a unit may be writing a checkpoint, which an interrupt would break
                    if (stop.await(idleWaitMillis, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Does the next unit of work of a task unless it is backing off or its session is being parked; true when it did
     * work (a failure counts: it moves the task towards FAILED).
     */
    boolean work(String taskId) {
        if (!backoff.mayRun(taskId, System.currentTimeMillis()) || !sessions.enter(taskId)) {
            return false;
        }
        try {
            boolean worked = units.next(taskId);
            backoff.succeeded(taskId);
            return worked;
        } catch (TaskCancelledException e) {
            completion.cancel(taskId);
            return true;
        } catch (PlanException e) {
            completion.fail(taskId, e.getMessage(), e.field(), true);
            return true;
        } catch (RuntimeException | Error e) {
            sessions.close(taskId);
            if (e instanceof RuntimeException && outages.isOutage(e)) {
                // the database or the broker is away: not the task's fault, so it waits without counting a failure
                backoff.outage(taskId, System.currentTimeMillis());
                LOG.warnf("task %s: training unit interrupted by an outage, retried in %d s: %s", taskId,
                        Backoff.OUTAGE_WAIT_MILLIS / 1000, e.getMessage());
                return true;
            }
            int n = backoff.failed(taskId, System.currentTimeMillis());
            LOG.errorf(e, "task %s: training unit failed (%d/%d)", taskId, n, Backoff.MAX_CONSECUTIVE_FAILURES);
            if (Backoff.givesUp(n)) {
                completion.fail(taskId, "training failed: " + e, null, true);
            }
            return true;
        } finally {
            sessions.leave(taskId);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
