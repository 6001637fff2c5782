package io.rebase.transformer.benchmark;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.transformer.Samples;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput of one replica (the whole Quarkus service: Kafka in, LLM mode against a stub answering after
 * 300 ms, outcomes out with broker acks) at a given concurrency. Not part of the test suite (no *Test name):
 * run one class per Maven invocation ({@code benchmarks/transformer/run.sh} does): a second Quarkus profile
 * in the same JVM gets its own copy of the test-resource classes and thus a second broker. Appends a line per
 * run to {@code target/transformer-benchmark.tsv}.
 */
abstract class TransformerBenchmarkBase {

    @Inject
    MeterRegistry registry;

    abstract int concurrency();

    /** Sets the replica's concurrency. */
    public static class Profile implements QuarkusTestProfile {
        private final int concurrency;

        Profile(int concurrency) {
            this.concurrency = concurrency;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rebase.transformer.concurrency", String.valueOf(concurrency),
                    "mp.messaging.incoming.candidate-rows.max.poll.records", String.valueOf(Math.max(64, concurrency * 2)),
                    "quarkus.log.level", "WARN");
        }
    }

    @Test
    void examplesPerSecond() throws IOException {
        int c = concurrency();
        try (KafkaTestClient kafka = new KafkaTestClient(EmbeddedKafkaResource.broker().bootstrapServers())) {
            run(kafka, Math.max(4, 2 * c)); // warm-up: JIT, connections, consumer assignment
            Timer rowTimer = registry.get("rebase.transform.row").timer();
            Timer publishTimer = registry.get("rebase.transform.publish").timer();
            double publishBefore = publishTimer.totalTime(TimeUnit.MILLISECONDS);
            long publishCountBefore = publishTimer.count();
            Timer llmTimer = registry.get("rebase.llm.latency").tag("outcome", "ok").timer();
            double rowBefore = rowTimer.totalTime(TimeUnit.MILLISECONDS);
            long rowCountBefore = rowTimer.count();
            double llmBefore = llmTimer.totalTime(TimeUnit.MILLISECONDS);
            long llmCountBefore = llmTimer.count();

            int rows = c == 1 ? 40 : Math.min(2_000, 30 * c);
            double seconds = run(kafka, rows);

            double rowMs = (rowTimer.totalTime(TimeUnit.MILLISECONDS) - rowBefore) / (rowTimer.count() - rowCountBefore);
            double llmMs = (llmTimer.totalTime(TimeUnit.MILLISECONDS) - llmBefore) / (llmTimer.count() - llmCountBefore);
            double publishMs = (publishTimer.totalTime(TimeUnit.MILLISECONDS) - publishBefore) / (publishTimer.count() - publishCountBefore);
            double perSecond = rows / seconds;
            // overhead excluding the LLM: the row's time minus its LLM call; of which waiting for the broker's ack
            String line = String.format("%d\t%d\t%.1f\t%.1f\t%.1f\t%.2f\t%.2f\t%.2f%n", c, rows, seconds, perSecond, llmMs,
                    rowMs - llmMs, publishMs, rowMs - llmMs - publishMs);
            System.out.print("BENCH concurrency rows seconds examples/s llm_ms overhead_ms publish_ms processing_ms: " + line);
            Files.writeString(Path.of("target/transformer-benchmark.tsv"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /**
     * Produces {@code rows} rows of a fresh task and returns the seconds from the first row produced to the last
     * example's timestamp (stamped by the service's producer), so the probe consumer's own start is not counted.
     */
    private static double run(KafkaTestClient kafka, int rows) {
        String taskId = "bench-" + UUID.randomUUID();
        TaskRequest task = Samples.task("sentiment", taskId);
        long start = System.currentTimeMillis();
        for (int i = 0; i < rows; i++) {
            CandidateRow row = Samples.row(task, "bench", i, Map.of("text", "benchmark review " + i, "label", "positive"), null);
            kafka.produce("candidate-rows", row.rowId(), Json.write(row));
        }
        List<ConsumerRecord<String, String>> out = kafka.await("training-examples", r -> taskId.equals(r.key()), rows, Duration.ofMinutes(5));
        assertThat(out).hasSize(rows);
        long last = out.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        return (last - start) / 1000.0;
    }
}
