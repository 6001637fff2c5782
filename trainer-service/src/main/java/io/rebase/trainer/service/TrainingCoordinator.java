package io.rebase.trainer.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rebase.trainer.config.TrainerServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Schedules training: a ticker looks for unfinished tasks and hands each one's next unit of work to a small pool of
 * training threads ({@code rebase.trainer.workers}), never two units of one task at once and never on a Kafka thread.
 */
@ApplicationScoped
public class TrainingCoordinator {

    private static final Logger LOG = Logger.getLogger(TrainingCoordinator.class);

    private final TrainerServiceConfig config;
    private final TrainingStore store;
    private final TaskWorker worker;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService ticker;
    private ExecutorService pool;

    public TrainingCoordinator(TrainerServiceConfig config, TrainingStore store, TaskWorker worker) {
        this.config = config;
        this.store = store;
        this.worker = worker;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the ticker and the training threads (again, after {@link #stop()}). */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(Math.max(1, config.workers()), r -> {
            Thread t = new Thread(r, "trainer-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trainer-ticker");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, config.tickInterval().toMillis());
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
        worker.dropSessions();
        ticker = null;
        pool = null;
    }

    private void tick() {
        try {
            for (String taskId : store.activeTaskIds()) {
                if (inFlight.add(taskId)) {
                    try {
                        pool.execute(() -> {
                            try {
                                worker.work(taskId);
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
}
