package io.rebase.trainer.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rebase.trainer.expiry.TaskStateExpiry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The meters tagged with a task leave the registry when its state expires; the other tasks' and the totals stay. */
class TrainerMetricsTest {

    @Test
    void aTasksMetersAreRemovedWhenItsStateExpires() {
        MeterRegistry registry = new SimpleMeterRegistry();
        TaskStateExpiry expiry = new TaskStateExpiry(Duration.ZERO, Clock.systemUTC());
        TrainerMetrics metrics = new TrainerMetrics(registry, expiry);
        for (String task : new String[]{"a", "b"}) {
            metrics.steps(task, 3);
            metrics.loss(task, 0.5);
            metrics.evalScore(task, "accuracy", 0.8);
            metrics.examplesPerSecond(task, 12);
        }
        metrics.received(2);
        assertThat(tagged(registry, "a")).isEqualTo(4);

        expiry.ended("a");
        expiry.sweep();

        assertThat(tagged(registry, "a")).isZero();
        assertThat(tagged(registry, "b")).isEqualTo(4);
        assertThat(registry.find("rebase.trainer.examples.received").counter().count()).isEqualTo(2);
        // a task that trains again (a restarted trainer resuming it) gets fresh meters
        metrics.loss("a", 0.25);
        assertThat(registry.find("rebase.trainer.loss").tag("task", "a").gauge().value()).isEqualTo(0.25);
    }

    private static long tagged(MeterRegistry registry, String task) {
        return registry.getMeters().stream().filter(m -> task.equals(m.getId().getTag("task"))).count();
    }
}
