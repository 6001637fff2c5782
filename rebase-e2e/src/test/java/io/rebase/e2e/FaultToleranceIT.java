package io.rebase.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.cli.TaskPublisher;
import io.rebase.cli.http.ServiceClient;
import io.rebase.cli.local.DatastoreIngest;
import io.rebase.cli.local.LocalStack;
import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import io.rebase.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One LLM-mode task on the local stack (broker and services as separate processes, two transformer replicas in one
 * consumer group, the transformer's real OpenAI client against {@link LlmStub}), disturbed by every fault of the
 * reliability brief while it runs, each at a point where the task is demonstrably still under way:
 * <ol>
 *   <li>transformer replica 2 is SIGKILLed after it processed rows; replica 1 finishes the task;</li>
 *   <li>the trainer is SIGKILLed after its first checkpoint and restarted (same port, same data folder);</li>
 *   <li>the broker is stopped for a few seconds and restarted on the same port with the same log folder;</li>
 *   <li>the LLM endpoint fails every call (500s and timeouts) for a while, then recovers; throughout, a share of
 *       calls fails transiently (500, 429 + Retry-After, timeouts) and some rows fail on every call until the
 *       endpoint is "fixed", so they exhaust their retries and are dead-lettered.</li>
 * </ol>
 * Then the accounting (every retrieved row is exactly one example, rejection or dead letter; the trainer's example
 * count is the number of distinct exampleIds published), the retry bound, the DLQ against the rows that exhausted
 * their retries, the documented {@code replay-dlq} command turning those rows into examples, and the API key absent
 * from every log and event.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final String TASK = "e2e-faults";
    static final int MAX_ATTEMPTS = 4;
    static final String API_KEY = "sk-e2e-" + UUID.randomUUID();

    static LlmStub stub;
    static LocalStack stack;
    static Path work;
    static final Map<String, Object> observed = new LinkedHashMap<>();
    static JsonNode finalView;
    static long retrieved;

    @BeforeAll
    static void runDisturbedPipeline() throws Exception {
        work = Files.createTempDirectory("rebase-e2e-faults-");
        Path datastore = work.resolve("datastore");
        for (String dataset : List.of("rt_polarity", "customer_reviews", "mpqa", "sst2")) {
            copy(REPO.resolve("samples/datastore").resolve(dataset), datastore.resolve(dataset));
        }
        stub = new LlmStub(3_000);
        // a "broken upstream" for about one row in eight: every call for it fails until heal()
        stub.brokenRows(row -> Math.floorMod(row.hashCode(), 8) == 0);
        stub.latency(1_500);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_LANGCHAIN4J_OPENAI_BASE_URL", stub.baseUrl());
        // the pipeline's mechanics, not the student's quality: MiniLM-L6 trains about twice as fast as the default
        env.put("REBASE_TRAINER_DEFAULTS_STUDENT_MODEL", "all-minilm-l6-v2");
        env.put("QUARKUS_LANGCHAIN4J_OPENAI_API_KEY", API_KEY);
        env.put("REBASE_TRANSFORMER_CONCURRENCY", "2");
        env.put("REBASE_TRANSFORMER_PROGRESS_INTERVAL", "2s");
        env.put("REBASE_TRANSFORMER_LLM_MAX_ATTEMPTS", String.valueOf(MAX_ATTEMPTS));
        env.put("REBASE_TRANSFORMER_LLM_BASE_DELAY", "200ms");
        env.put("REBASE_TRANSFORMER_LLM_MAX_DELAY", "1s");
        env.put("REBASE_TRANSFORMER_LLM_REQUEST_TIMEOUT", "2s");
        env.put("REBASE_TRANSFORMER_LLM_MAX_RETRY_AFTER", "2s");
        env.put("REBASE_RETRIEVER_MAX_ROWS_PER_CONFIG", "60");
        env.put("REBASE_TRAINER_CHECKPOINT_EVERY", "4");
        env.put("REBASE_TRAINER_EVAL_EVERY", "8");
        env.put("REBASE_TRAINER_UPDATE_SIZE", "8");
        stack = new LocalStack(REPO, work, env, System.out).transformerReplicas(2).start(datastore);
        DatastoreIngest.ingestAll(new ServiceClient(stack.url("retriever-service"), null), System.out);

        TaskRequest task = TaskRequestParser.parse("""
                {"taskId":"%s","instruction":"Classify the sentiment of a review sentence as positive or negative.",
                 "taskType":"classification","labels":["positive","negative"],
                 "examples":[{"input":{"sentence":"a gorgeous, witty, seductive movie."},"output":"positive"},
                             {"input":{"sentence":"the plot is dull and the acting is worse."},"output":"negative"}],
                 "retrieval":{"topRows":90},
                 "transform":{"mode":"llm"},
                 "training":{"epochs":1,"maxSeqLength":64,"batchSize":8,"maxSteps":40},
                 "evaluation":{"evalSetPath":"samples/eval/sentiment-eval.jsonl","maxEvalExamples":40,"fewShotBaseline":false}}
                """.formatted(TASK));
        TaskPublisher.publish(stack.bootstrapServers(), "", task);

        // (a) a transformer replica dies mid-task, after it has processed rows of the task
        await("replica 2 processed rows of the task", Duration.ofMinutes(4),
                () -> rowsOf("transformer-service-2") > 0 && stub.answeredRows() >= 10);
        observed.put("replica2RowsBeforeKill", rowsOf("transformer-service-2"));
        observed.put("answeredBeforeReplicaKill", stub.answeredRows());
        stack.kill("transformer-service-2");

        // (b) the trainer dies after its first checkpoint, before the task is complete, and comes back
        // the steps counter moves before the checkpoint is on disk: wait for the trainer to say it wrote one
        await("a trainer checkpoint", Duration.ofMinutes(5),
                () -> stack.process("trainer-service").logContains("checkpoint at step"));
        JsonNode beforeKill = trainerView();
        observed.put("trainerStatusBeforeKill", beforeKill.path("status").asText());
        observed.put("trainerStepsBeforeKill", beforeKill.path("steps").asInt());
        stack.kill("trainer-service");
        stack.restart("trainer-service");
        observed.put("trainerStatusAfterRestart", trainerView().path("status").asText());

        // (c) the broker goes away for a few seconds while rows are still being transformed
        observed.put("answeredBeforeBrokerRestart", stub.answeredRows());
        stack.restartKafka(3_000);

        // (d) the LLM endpoint fails every call for a while, then recovers
        stub.latency(0);
        stub.outage(true);
        await("calls during the outage", Duration.ofMinutes(2), () -> stub.outageCalls() >= 12);
        stub.outage(false);
        observed.put("outageCalls", stub.outageCalls());
        observed.put("answeredAfterOutage", stub.answeredRows());

        await("the task to end", Duration.ofMinutes(8), () -> {
            String status = trainerView().path("status").asText();
            return status.equals("COMPLETED") || status.equals("FAILED");
        });
        finalView = trainerView();
        System.out.println("fault run: " + observed + ", stub calls " + stub.calls() + " (failed " + stub.failedCalls() + ")");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    @Order(1)
    void everyFaultHappenedWhileTheTaskWasUnderWay() {
        assertThat((Long) observed.get("replica2RowsBeforeKill")).isPositive();
        assertThat(observed.get("trainerStatusBeforeKill")).isNotIn("COMPLETED", "FAILED");
        assertThat((Integer) observed.get("trainerStepsBeforeKill")).isGreaterThanOrEqualTo(4);
        assertThat(observed.get("trainerStatusAfterRestart")).isNotIn("COMPLETED", "FAILED");
        assertThat((Long) observed.get("outageCalls")).isGreaterThanOrEqualTo(12);
        assertThat(stack.process("transformer-service-2").alive()).isFalse();
        assertThat(stack.process("kafka").logCount("KAFKA_READY")).isEqualTo(2);
        assertThat(finalView.path("status").asText()).as("task status: %s", finalView).isEqualTo("COMPLETED");
        assertThat(finalView.path("resumedFromStep").asInt()).as("trainer resumed from a checkpoint").isPositive();
    }

    @Test
    @Order(2)
    void everyRetrievedRowIsExactlyOneExampleRejectionOrDeadLetterAndTheTrainerCountIsExact() throws Exception {
        Set<String> rowsIn = rowIdsIn();
        List<TaskEvent> events = events();
        long retrievedCount = events.stream().filter(e -> e.type() == TaskEventType.RETRIEVED).mapToLong(e -> e.count() == null ? -1 : e.count()).max().orElse(-1);
        assertThat(rowsIn).hasSize((int) retrievedCount);

        Set<String> exampleIds = new HashSet<>();
        Set<String> exampleRows = new HashSet<>();
        for (ConsumerRecord<String, String> r : TopicReader.readAll(stack.bootstrapServers(), Topics.TRAINING_EXAMPLES)) {
            JsonNode e = Json.mapper().readTree(r.value());
            if (TASK.equals(e.path("taskId").asText())) {
                exampleIds.add(e.path("exampleId").asText());
                exampleRows.add(e.path("source").path("rowId").asText());
            }
        }
        Set<String> rejected = rowIds(events, TaskEventType.ROW_REJECTED);
        Set<String> dead = dlqRowIds();
        assertThat(exampleIds).hasSameSizeAs(exampleRows);
        assertThat(intersection(exampleRows, rejected)).isEmpty();
        assertThat(intersection(rejected, dead)).isEmpty();
        // A row in flight on the killed replica (or during the broker restart) is processed again; with the LLM's
        // transient faults its second outcome can differ (an example once, a dead letter the other time): the
        // at-least-once case the transformer README documents, where readers count a rowId once. The replay below
        // turns every dead-lettered row into an example, so such a row ends as one example in the trainer.
        Set<String> reprocessed = intersection(exampleRows, dead);
        System.out.println("rows with an example and a dead letter (processed twice): " + reprocessed);
        Set<String> union = new HashSet<>(exampleRows);
        union.addAll(rejected);
        union.addAll(dead);
        assertThat(union).isEqualTo(rowsIn);
        assertThat(exampleRows.size() + rejected.size() + dead.size() - reprocessed.size()).isEqualTo(rowsIn.size());

        JsonNode counts = completed().details() == null ? null : Json.mapper().valueToTree(completed().details().get("counts"));
        assertThat(counts).isNotNull();
        assertThat(counts.path("retrieved").asLong()).isEqualTo(rowsIn.size());
        assertThat(counts.path("examples").asLong()).isEqualTo(exampleIds.size());
        assertThat(counts.path("rejected").asLong()).isEqualTo(rejected.size());
        assertThat(counts.path("deadLettered").asLong()).isEqualTo(dead.size());
        assertThat(dead).as("the broken rows were dead-lettered").isNotEmpty();
    }

    @Test
    @Order(4)
    void retriesAreBoundedAndTheDlqHoldsExactlyWhatExhaustedItsRetriesThenReplays() throws Exception {
        // the surviving replica's own figures: it saw these rows, and retried at most MAX_ATTEMPTS - 1 times each
        long rows = metricSum(stack.url("transformer-service"), "rebase_transform_row_seconds_count");
        long retries = metricSum(stack.url("transformer-service"), "rebase_llm_retries_total");
        assertThat(rows).isPositive();
        assertThat(retries).isPositive().isLessThanOrEqualTo(rows * (MAX_ATTEMPTS - 1));

        Set<String> dead = dlqRowIds();
        assertThat(rowIds(events(), TaskEventType.ROW_DEAD_LETTERED)).isEqualTo(dead);
        for (ConsumerRecord<String, String> r : dlqRecords()) {
            CandidateRow row = Json.mapper().readValue(r.value(), CandidateRow.class);
            String cell = longestCell(row);
            int failures = stub.failuresByRow().entrySet().stream().filter(e -> e.getKey().contains(cell))
                    .mapToInt(e -> e.getValue().get()).sum();
            assertThat(failures).as("failed LLM calls of dead-lettered row %s", row.rowId()).isGreaterThanOrEqualTo(MAX_ATTEMPTS);
            assertThat(new String(r.headers().lastHeader("rebase-failure-reason").value())).isEqualTo("llm-unavailable");
        }

        // the endpoint is fixed: the documented command replays the DLQ and every dead-lettered row becomes an example
        stub.heal();
        stub.transientFaults(false);
        Process replay = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                REPO.resolve("rebase-cli/target/rebase-cli.jar").toString(), "--bootstrap-servers", stack.bootstrapServers(),
                "replay-dlq", "candidate-rows").redirectErrorStream(true).start();
        String output = new String(replay.getInputStream().readAllBytes());
        assertThat(replay.waitFor()).as(output).isZero();
        assertThat(output).contains("replayed " + dlqRecords().size() + " records");

        await("the replayed rows as examples", Duration.ofMinutes(4), () -> exportedRows().keySet().containsAll(dead));
        Map<String, Integer> exported = exportedRows();
        assertThat(exported.values()).as("one example per row in the trainer's store").allMatch(n -> n == 1);
        Set<String> rejected = rowIds(events(), TaskEventType.ROW_REJECTED);
        Set<String> union = new HashSet<>(exported.keySet());
        union.addAll(rejected);
        assertThat(union).isEqualTo(rowIdsIn());
        assertThat(exported.size() + rejected.size()).isEqualTo(rowIdsIn().size());
    }

    @Test
    @Order(3)
    void theApiKeyIsInNoLogAndNoEvent() throws Exception {
        try (Stream<Path> logs = Files.list(stack.workDir().resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(API_KEY);
            }
        }
        for (ConsumerRecord<String, String> r : TopicReader.readAll(stack.bootstrapServers(), Topics.TASK_EVENTS)) {
            assertThat(r.value()).doesNotContain(API_KEY);
        }
        for (String service : List.of("transformer-service", "retriever-service", "trainer-service")) {
            assertThat(get(stack.url(service) + "/q/metrics")).doesNotContain(API_KEY);
        }
    }

    // ---- helpers ----

    private static Map<String, Integer> exportedRows() {
        Map<String, Integer> rows = new HashMap<>();
        try {
            Path export = Files.createTempFile(work, "examples", ".jsonl");
            new ServiceClient(stack.url("trainer-service"), null).download("/tasks/" + TASK + "/examples", export);
            Set<String> ids = new HashSet<>();
            for (String line : Files.readAllLines(export)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = Json.mapper().readTree(line);
                assertThat(ids.add(e.path("example_id").asText())).as("duplicate example %s", e.path("example_id")).isTrue();
                rows.merge(e.path("source_row_id").asText(), 1, Integer::sum);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static Set<String> rowIdsIn() {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, String> r : TopicReader.readAll(stack.bootstrapServers(), Topics.CANDIDATE_ROWS)) {
            CandidateRow row = Json.read(r.value(), CandidateRow.class);
            if (TASK.equals(row.taskId())) {
                ids.add(row.rowId());
            }
        }
        return ids;
    }

    private static List<ConsumerRecord<String, String>> dlqRecords() {
        return TopicReader.readAll(stack.bootstrapServers(), Topics.dlq(Topics.CANDIDATE_ROWS)).stream()
                .filter(r -> r.value() != null && r.value().contains("\"" + TASK + "\"")).toList();
    }

    private static Set<String> dlqRowIds() {
        return dlqRecords().stream().map(r -> Json.read(r.value(), CandidateRow.class).rowId()).collect(Collectors.toSet());
    }

    private static List<TaskEvent> events() {
        List<TaskEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, String> r : TopicReader.readAll(stack.bootstrapServers(), Topics.TASK_EVENTS)) {
            if (TASK.equals(r.key())) {
                events.add(Json.read(r.value(), TaskEvent.class));
            }
        }
        return events;
    }

    private static TaskEvent completed() {
        return events().stream().filter(e -> e.type() == TaskEventType.COMPLETED).reduce((a, b) -> b).orElseThrow();
    }

    private static Set<String> rowIds(List<TaskEvent> events, TaskEventType type) {
        return events.stream().filter(e -> e.type() == type).map(TaskEvent::rowId).collect(Collectors.toSet());
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }

    private static String longestCell(CandidateRow row) {
        String longest = row.cells().values().stream().filter(v -> v != null)
                .max(java.util.Comparator.comparingInt(String::length)).orElse("");
        return longest.substring(0, Math.min(40, longest.length()));
    }

    private static long rowsOf(String replica) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(stack.url(replica) + "/tasks/" + TASK + "/stats")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Json.mapper().readTree(r.body()).path("rows").asLong() : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static JsonNode trainerView() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(stack.url("trainer-service") + "/tasks/" + TASK)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : Json.mapper().createObjectNode();
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Json.mapper().createObjectNode();
        }
    }

    static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum over all series of a Prometheus metric. */
    static long metricSum(String baseUrl, String name) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : get(baseUrl + "/q/metrics").lines().toList()) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                // with tracing on, a sample may end with an exemplar ("... 3.0 # {trace_id=...} 1.0 1733...")
                int exemplar = line.indexOf(" # ");
                String sample = exemplar < 0 ? line : line.substring(0, exemplar);
                sum += Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(sum);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                StringBuilder tails = new StringBuilder();
                stack.processes().forEach(p -> tails.append("\n--- ").append(p.name()).append(" ---\n").append(p.tail(15)));
                throw new AssertionError("timed out waiting for " + what + "; observed " + observed + "; stub calls "
                        + stub.calls() + ", answered rows " + stub.answeredRows() + tails);
            }
            Thread.sleep(500);
        }
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
