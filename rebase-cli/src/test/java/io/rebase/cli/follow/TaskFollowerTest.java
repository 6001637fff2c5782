package io.rebase.cli.follow;

import io.rebase.contracts.Json;
import io.rebase.contracts.SourceRef;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TrainingExample;
import io.rebase.kafka.EmbeddedKafkaBroker;
import io.rebase.kafka.KafkaTestClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The follower against a real broker: counts outcomes exactly once, ends on the terminal event. */
class TaskFollowerTest {

    @Test
    void followsATaskToCompletionCountingEachRowOnce() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start();
             KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
            String task = "t-follow";
            kafka.produce("task-events", task, Json.write(TaskEvent.requested(task, "retriever-service")));
            kafka.produce("task-events", "other", Json.write(TaskEvent.requested("other", "retriever-service")));
            kafka.produce("task-events", task, Json.write(TaskEvent.retrieved(task, "retriever-service", 3,
                    Map.of("datasetMix", Map.of("sst2", 2, "mpqa", 1), "labelMix", Map.of("negative", 1, "positive", 2), "foreignLabelConfigs", List.of("subj/default", "trec/default")))));
            TrainingExample ex = new TrainingExample(TrainingExample.exampleIdOf(task, "sst2/default/1"), task,
                    Map.of("sentence", "fine"), "", "positive", new SourceRef("sst2/default/1", "sst2", "default", 1), "mapping");
            kafka.produce("training-examples", task, Json.write(ex));
            kafka.produce("training-examples", task, Json.write(ex)); // a redelivery
            kafka.produce("task-events", task, Json.write(TaskEvent.rowRejected(task, "transformer-service", "mpqa/default/4", "label-not-mappable", "x")));
            kafka.produce("task-events", task, Json.write(TaskEvent.rowDeadLettered(task, "transformer-service", "sst2/default/2", "llm down")));
            kafka.produce("task-events", task, Json.write(TaskEvent.of(task, TaskEventType.TRAINING_PROGRESS, "trainer-service", null, "",
                    Map.of("step", 5, "loss", 0.4))));
            kafka.produce("task-events", task, Json.write(TaskEvent.of(task, TaskEventType.COMPLETED, "trainer-service", null, "done",
                    Map.of("metrics", Map.of("accuracy", 0.8), "baselineMetrics", Map.of("accuracy", 0.5)))));

            TaskProgress progress;
            try (TaskFollower follower = new TaskFollower(broker.bootstrapServers(), "")) {
                progress = follower.follow(new TaskProgress(task), Duration.ofSeconds(60), true, p -> { });
            }
            assertThat(progress.done()).isTrue();
            assertThat(progress.retrieved()).isEqualTo(3);
            assertThat(progress.examples()).isEqualTo(1);
            assertThat(progress.rejectedByReason()).containsEntry("label-not-mappable", 1);
            assertThat(progress.deadLettered()).isEqualTo(1);
            assertThat(progress.transformed()).isEqualTo(3);
            assertThat(progress.lossCurve()).hasSize(1);
            assertThat(ProgressRenderer.line(progress)).contains("3/3").contains("kept 1").contains("COMPLETED");
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            new SummaryPrinter(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8))
                    .print(progress, Duration.ofSeconds(1), Map.of());
            assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("sst2").contains("Retrieved rows by label: {negative=1, positive=2}")
                    .contains("Not retrieved, their labels are none of the task's: subj/default, trec/default");
        }
    }

    @Test
    void sparklineFollowsTheCurve() {
        assertThat(SummaryPrinter.sparkline(List.of(new double[]{1, 1.0}, new double[]{2, 0.5}, new double[]{3, 0.0})))
                .isEqualTo("█▅▁");
    }
}
