package io.rebase.transformer.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TrainingExample;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.KafkaTestClient;
import io.rebase.transformer.Samples;
import io.rebase.transformer.llm.LlmClient;
import io.rebase.transformer.llm.LlmSettings;
import io.rebase.transformer.llm.LlmTransformer;
import io.rebase.transformer.llm.OpenAiStub;
import io.rebase.transformer.mapping.MappingSettings;
import io.rebase.transformer.mapping.MappingTransformer;
import io.rebase.transformer.mapping.TextEmbedder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale-out and failover: two transformer replicas in one consumer group on a 12-partition topic of the real
 * in-process broker; one is stopped abruptly mid-stream; every row still ends exactly once as an example, a
 * rejection or a dead letter.
 *
 * <p>What this exercises, honestly: both replicas are {@link PlainKafkaWorker}s (a plain KafkaConsumer plus
 * the service's own {@link CandidateRowProcessor}, LLM mode against a local stub, publishing with a plain
 * producer), not two Quarkus instances: one JVM cannot host two Quarkus apps. The processing, outcome
 * publishing order and "ack after the outcome is acknowledged" rule are the service's; the commit loop is the
 * worker's (batch-wise rather than smallrye's throttled per-record commits). The "crash" interrupts in-flight
 * rows and closes the consumer without committing, so the surviving replica re-reads uncommitted rows: a row
 * may then be published twice, always under the same deterministic exampleId (or rowId for events), which is
 * why the assertion counts distinct ids and checks that no row has two different outcomes.
 */
class TwoConsumersTest {

    static final int ROWS = 240;

    @Test
    void aReplicaStoppedMidStreamLosesNoRowAndNoRowGetsTwoDifferentOutcomes() throws Exception {
        var broker = EmbeddedKafkaResource.broker();
        String topic = "candidate-rows-failover-" + UUID.randomUUID();
        broker.createTopics(Map.of(topic, 12));
        String taskId = "failover-" + UUID.randomUUID();
        TaskRequest task = Samples.task("sentiment", taskId).withTaskId(taskId);

        Set<String> expectExample = new HashSet<>();
        Set<String> expectRejected = new HashSet<>();
        Set<String> expectDead = new HashSet<>();
        try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers());
             OpenAiStub stub = new OpenAiStub();
             ProducerOutcomePublisher publisherA = new ProducerOutcomePublisher(broker.bootstrapServers());
             ProducerOutcomePublisher publisherB = new ProducerOutcomePublisher(broker.bootstrapServers())) {
            stub.script(s -> {
                OpenAiStub.Answer a = s.prompt().contains("case-dead") ? OpenAiStub.Answer.status(500, Map.of())
                        : OpenAiStub.Answer.ok("{\"input\": {\"sentence\": \"some text\"}, \"rationale\": \"r\", \"output\": \""
                        + (s.prompt().contains("case-reject") ? "mixed" : "positive") + "\"}");
                return a.after(40);
            });
            String group = "transformer-service-failover-" + UUID.randomUUID();
            PlainKafkaWorker a = new PlainKafkaWorker("replica-a", broker.bootstrapServers(), group, topic, 4, processor(stub, publisherA));
            PlainKafkaWorker b = new PlainKafkaWorker("replica-b", broker.bootstrapServers(), group, topic, 4, processor(stub, publisherB));
            // the group must be stable (both replicas assigned) before the rows arrive; on a loaded machine the
            // first group of a fresh broker takes a while (the offsets topic is created on first use)
            await().atMost(Duration.ofSeconds(180)).until(() -> a.assigned() > 0 && b.assigned() > 0);
            for (int i = 0; i < ROWS; i++) {
                String text = "review number " + i + (i % 10 == 3 ? " case-reject" : i % 25 == 7 ? " case-dead" : "");
                CandidateRow row = Samples.row(task, "synthetic", i, Map.of("text", text, "label", "positive"), null);
                (i % 10 == 3 ? expectRejected : i % 25 == 7 ? expectDead : expectExample).add(row.rowId());
                kafka.produce(topic, row.rowId(), Json.write(row));
            }

            await().atMost(Duration.ofSeconds(120)).until(() -> a.processed() + b.processed() >= ROWS / 4);
            a.crash();
            int byA = a.processed();
            await().atMost(Duration.ofSeconds(120)).until(() -> outcomes(broker.bootstrapServers(), taskId).distinctRows() >= ROWS);
            b.close();

            Outcomes seen = outcomes(broker.bootstrapServers(), taskId);
            assertThat(byA).as("replica A was stopped mid-stream").isGreaterThan(0).isLessThan(ROWS);
            assertThat(b.processed()).as("replica B took over").isGreaterThanOrEqualTo(ROWS - byA);
            assertThat(seen.examples.keySet()).isEqualTo(expectExample);
            assertThat(seen.rejected).isEqualTo(expectRejected);
            assertThat(seen.dead).isEqualTo(expectDead);
            assertThat(seen.deadLetterRecords).isEqualTo(expectDead);
            // distinct exampleIds: one per row, and a re-published example carries the same id
            for (Map.Entry<String, Set<String>> e : seen.examples.entrySet()) {
                assertThat(e.getValue()).containsExactly(TrainingExample.exampleIdOf(taskId, e.getKey()));
            }
            assertThat(expectExample.size() + expectRejected.size() + expectDead.size()).isEqualTo(ROWS);
            System.out.printf("two-consumer failover: %d rows, A processed %d before the crash, B %d; %d duplicate records%n",
                    ROWS, byA, b.processed(), seen.records - ROWS);
        }
    }

    static CandidateRowProcessor processor(OpenAiStub stub, OutcomePublisher publisher) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmSettings d = LlmSettings.defaults(stub.baseUrl(), "key", "stub-model");
        LlmSettings settings = new LlmSettings(d.baseUrl(), d.apiKey(), d.model(), 0.7, 256, Duration.ofSeconds(10), 2,
                Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1), 1, 0, 0, 250, d.maxFieldCharsByType(), Map.of("stub-model", new LlmSettings.Price(0.1, 0.1)));
        return new CandidateRowProcessor(new MappingTransformer(new TextEmbedder(), MappingSettings.defaults()),
                new LlmTransformer(new LlmClient(settings, registry)), "auto", publisher,
                new TransformStats(registry, "test"), registry, Duration.ofSeconds(30));
    }

    /** What the output topics hold for the task, by rowId. */
    record Outcomes(Map<String, Set<String>> examples, Set<String> rejected, Set<String> dead, Set<String> deadLetterRecords,
                    int records) {
        int distinctRows() {
            Set<String> all = new HashSet<>(examples.keySet());
            all.addAll(rejected);
            all.addAll(dead);
            return all.size();
        }
    }

    static Outcomes outcomes(String bootstrap, String taskId) {
        Map<String, Set<String>> examples = new HashMap<>();
        Set<String> rejected = new HashSet<>();
        Set<String> dead = new HashSet<>();
        Set<String> deadLetters = new HashSet<>();
        int records = 0;
        for (ConsumerRecord<String, String> r : readAll(bootstrap, List.of("training-examples", "task-events", "candidate-rows-dlq"))) {
            if (r.topic().equals("candidate-rows-dlq")) {
                if (r.value() != null && r.value().contains(taskId)) {
                    deadLetters.add(r.key());
                }
                continue;
            }
            if (!taskId.equals(r.key())) {
                continue;
            }
            JsonNode node = read(r.value());
            if (r.topic().equals("training-examples")) {
                records++;
                examples.computeIfAbsent(node.path("source").path("rowId").asText(), k -> new HashSet<>())
                        .add(node.path("exampleId").asText());
            } else if (node.path("type").asText().equals("ROW_REJECTED")) {
                records++;
                rejected.add(node.path("rowId").asText());
            } else if (node.path("type").asText().equals("ROW_DEAD_LETTERED")) {
                records++;
                dead.add(node.path("rowId").asText());
            }
        }
        // a row must not have two different kinds of outcome
        Set<String> overlap = new HashSet<>(examples.keySet());
        overlap.retainAll(rejected);
        Set<String> overlap2 = new HashSet<>(examples.keySet());
        overlap2.retainAll(dead);
        Set<String> overlap3 = new HashSet<>(rejected);
        overlap3.retainAll(dead);
        assertThat(overlap).isEmpty();
        assertThat(overlap2).isEmpty();
        assertThat(overlap3).isEmpty();
        return new Outcomes(examples, rejected, dead, deadLetters, records);
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(topics);
            int emptyPolls = 0;
            // read until the end: a few empty polls after the assignment settled
            while (emptyPolls < 5) {
                var batch = consumer.poll(Duration.ofMillis(300));
                if (batch.isEmpty() && !consumer.assignment().isEmpty()) {
                    emptyPolls++;
                } else {
                    emptyPolls = 0;
                }
                batch.forEach(out::add);
            }
        }
        return out;
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
