package io.rebase.trainer.health;

import io.rebase.trainer.state.TrainingRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the task database answers; reports how many tasks are still open. */
@Readiness
@ApplicationScoped
public class TrainerReadiness implements HealthCheck {

    private final TrainingRepository store;

    public TrainerReadiness(TrainingRepository store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("trainer").up().withData("openTasks", store.activeTaskIds().size()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("trainer").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
