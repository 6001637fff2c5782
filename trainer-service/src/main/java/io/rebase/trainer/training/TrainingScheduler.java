package io.rebase.trainer.training;

import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.plan.PlanException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Schedules training: a ticker ({@code tick-interval}) looks for unfinished tasks and hands each one's next unit of
 * work to a small pool of training threads ({@code workers}), never two units of one task at once and never on a
 * Kafka thread. A failed unit backs the task off ({@link Backoff}); a task the trainer cannot train as requested fails.
 */
@ApplicationScoped
public class TrainingScheduler {

    private static final Logger LOG = Logger.getLogger(TrainingScheduler.class);

    private final TrainerSettings settings;
    private final TrainingRecords records;
    private final TaskUnits units;
    private final TaskSessions sessions;
    private final TaskCompletion completion;
    private final Backoff backoff = new Backoff();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService ticker;
    private ExecutorService pool;

    public TrainingScheduler(TrainerSettings settings, TrainingRecords records, TaskUnits units, TaskSessions sessions,
                             TaskCompletion completion) {
        this.settings = settings;
        this.records = records;
        this.units = units;
        this.sessions = sessions;
        this.completion = completion;
    }

    /** Starts the ticker and the training threads (again, after {@link #stop()}). */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(Math.max(1, settings.workers()), r -> daemon(r, "trainer-worker-" + n.incrementAndGet()));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "trainer-ticker"));
        long period = Math.max(10, settings.tickInterval().toMillis());
        ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops scheduling, lets running units finish, and drops every in-memory model without saving: the state a crash
     * leaves (the database and the checkpoints on disk). {@link #start()} resumes from there.
     */
    public synchronized void stop() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
                LOG.warn("training units still running after 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.closeAll();
        ticker = null;
        pool = null;
    }

    private void tick() {
        try {
            for (String taskId : records.activeTaskIds()) {
                if (inFlight.add(taskId)) {
                    try {
                        pool.execute(() -> {
                            try {
                                work(taskId);
                            } finally {
                                inFlight.remove(taskId);
                            }
                        });
                    } catch (RuntimeException rejected) {
                        inFlight.remove(taskId);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("trainer tick failed: %s", e.getMessage());
        }
    }

    /** Does the next unit of work of a task unless it is backing off or its session is being parked. */
    void work(String taskId) {
        if (!backoff.mayRun(taskId, System.currentTimeMillis()) || !sessions.enter(taskId)) {
            return;
        }
        try {
            units.next(taskId);
            backoff.succeeded(taskId);
        } catch (TaskCancelledException e) {
            completion.cancel(taskId);
        } catch (PlanException e) {
            completion.fail(taskId, e.getMessage(), e.field(), true);
        } catch (RuntimeException | Error e) {
            sessions.close(taskId);
            int n = backoff.failed(taskId, System.currentTimeMillis());
            LOG.errorf(e, "task %s: training unit failed (%d/%d)", taskId, n, Backoff.MAX_CONSECUTIVE_FAILURES);
            if (Backoff.givesUp(n)) {
                completion.fail(taskId, "training failed: " + e, null, true);
            }
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
