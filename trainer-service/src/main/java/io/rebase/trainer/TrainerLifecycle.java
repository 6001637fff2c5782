package io.rebase.trainer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rebase.trainer.training.OutboxRelay;
import io.rebase.trainer.training.TrainingScheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts training and the outbox relay when the service starts and stops them on shutdown. */
@ApplicationScoped
public class TrainerLifecycle {

    private final TrainingScheduler scheduler;
    private final OutboxRelay outbox;

    public TrainerLifecycle(TrainingScheduler scheduler, OutboxRelay outbox) {
        this.scheduler = scheduler;
        this.outbox = outbox;
    }

    void onStart(@Observes StartupEvent event) {
        scheduler.start();
        outbox.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        outbox.stop();
        scheduler.stop();
    }
}
