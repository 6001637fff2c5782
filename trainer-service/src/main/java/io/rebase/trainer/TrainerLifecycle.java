package io.rebase.trainer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rebase.trainer.training.TrainingScheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts training when the service starts and stops it on shutdown. */
@ApplicationScoped
public class TrainerLifecycle {

    private final TrainingScheduler scheduler;

    public TrainerLifecycle(TrainingScheduler scheduler) {
        this.scheduler = scheduler;
    }

    void onStart(@Observes StartupEvent event) {
        scheduler.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        scheduler.stop();
    }
}
