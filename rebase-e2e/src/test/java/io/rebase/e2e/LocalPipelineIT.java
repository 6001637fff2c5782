package io.rebase.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.cli.TaskPublisher;
import io.rebase.cli.follow.SummaryPrinter;
import io.rebase.cli.follow.TaskFollower;
import io.rebase.cli.follow.TaskProgress;
import io.rebase.cli.http.ServiceClient;
import io.rebase.cli.local.DatastoreIngest;
import io.rebase.cli.local.LocalStack;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import io.rebase.student.decoder.TinyDecoderFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo's path at a smaller size: the packaged services as separate processes on the in-process broker,
 * a small datastore ingested over REST, a sentiment task produced to Kafka, followed to COMPLETED. Then the
 * accounting (every retrieved row is an example, a rejection or a dead letter), serving, export, the
 * dashboards' metric names against the services' real /q/metrics, and every dashboard panel's query against a real
 * Prometheus ({@link PrometheusServer}) that scraped the services throughout both tasks.
 */
class LocalPipelineIT {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final String TOKEN = "e2e-token-" + java.util.UUID.randomUUID();
    static LocalStack stack;
    static LlmStub stub;
    static TaskProgress progress;
    static TaskProgress llmProgress;
    static TaskRequest task;
    static TaskRequest llmTask;
    /** Null where the Debian package prometheus is not installed (the dashboard test then fails in CI, else skips). */
    static PrometheusServer prometheus;
    static TaskProgress codeProgress;
    static TaskRequest codeTask;
    /** The services export their spans here (tracing is off by default; this run turns it on). */
    static OtlpReceiver traces;
    /** The traceparent header that started the sentiment task's trace (the CLI's publisher sets it). */
    static String taskTraceparent;

    @BeforeAll
    static void runPipeline() throws Exception {
        Path work = Files.createTempDirectory("rebase-e2e-");
        Path datastore = work.resolve("datastore");
        for (String dataset : List.of("rt_polarity", "customer_reviews", "mpqa", "esnli", "trec", "conala")) {
            copy(REPO.resolve("samples/datastore").resolve(dataset), datastore.resolve(dataset));
        }
        writeThreeWaySentiment(datastore.resolve("fx_three_way_sentiment"));
        task = TaskRequestParser.parse("""
                {"taskId":"e2e-sentiment","instruction":"Classify the sentiment of a review sentence as positive or negative.",
                 "taskType":"classification","labels":["positive","negative"],
                 "examples":[{"input":{"sentence":"a gorgeous, witty, seductive movie."},"output":"positive"},
                             {"input":{"sentence":"the plot is dull and the acting is worse."},"output":"negative"}],
                 "retrieval":{"topRows":60},
                 "transform":{"mode":"mapping"},
                 "training":{"epochs":1,"maxSeqLength":64,"batchSize":8,"maxSteps":12},
                 "evaluation":{"evalSetPath":"samples/eval/sentiment-eval.jsonl","maxEvalExamples":40,"fewShotBaseline":true}}
                """);
        // A second task in LLM mode, against an OpenAI-compatible stub: some calls fail transiently (retried), some
        // rows fail on every call (dead-lettered), so every LLM and dead-letter metric has values.
        llmTask = TaskRequestParser.parse("""
                {"taskId":"e2e-llm","instruction":"Classify the sentiment of a review sentence as positive or negative.",
                 "taskType":"classification","labels":["positive","negative"],
                 "examples":[{"input":{"sentence":"a gorgeous, witty, seductive movie."},"output":"positive"},
                             {"input":{"sentence":"the plot is dull and the acting is worse."},"output":"negative"}],
                 "retrieval":{"topRows":20},
                 "transform":{"mode":"llm"},
                 "training":{"epochs":1,"maxSeqLength":64,"batchSize":8,"maxSteps":4},
                 "evaluation":{"fewShotBaseline":false}}
                """);
        codeTask = codeGenerationTask(TinyDecoderFolder.write(work.resolve("tiny-decoder"), 5));
        stub = new LlmStub(3_000).brokenRows(row -> Math.floorMod(row.hashCode(), 5) == 0);
        Map<String, String> env = new java.util.HashMap<>();
        env.put("REBASE_RETRIEVER_MAX_ROWS_PER_CONFIG", "60");
        env.put("REBASE_AUTH_TOKEN", TOKEN);
        env.put("QUARKUS_LANGCHAIN4J_OPENAI_BASE_URL", stub.baseUrl());
        // the pipeline's mechanics, not the student's quality: MiniLM-L6 trains about twice as fast as the default
        env.put("REBASE_TRAINER_DEFAULTS_STUDENT_MODEL", "all-minilm-l6-v2");
        // the tiny decoder folder is written under the work folder: the trainer's models root
        env.put("REBASE_TRAINER_MODELS_ROOT", work.toString());
        env.put("QUARKUS_LANGCHAIN4J_OPENAI_API_KEY", "sk-e2e-test");
        env.put("REBASE_TRANSFORMER_LLM_MAX_ATTEMPTS", "3");
        env.put("REBASE_TRANSFORMER_LLM_BASE_DELAY", "100ms");
        env.put("REBASE_TRANSFORMER_LLM_MAX_DELAY", "500ms");
        env.put("REBASE_TRANSFORMER_LLM_REQUEST_TIMEOUT", "2s");
        env.put("REBASE_TRANSFORMER_LLM_MAX_RETRY_AFTER", "2s");
        traces = new OtlpReceiver();
        env.putAll(tracingEnv(traces.endpoint()));
        stack = new LocalStack(REPO, work, env, System.out).start(datastore);
        startPrometheus(work.resolve("prometheus"));
        DatastoreIngest.ingestAll(new ServiceClient(stack.url("retriever-service"), TOKEN), System.out);
        BadInputChecks.produceHostileTaskRecords(stack.bootstrapServers());
        taskTraceparent = TaskPublisher.publish(stack.bootstrapServers(), "", task);
        TaskPublisher.publish(stack.bootstrapServers(), "", llmTask);
        TaskPublisher.publish(stack.bootstrapServers(), "", codeTask);
        long start = System.currentTimeMillis();
        try (TaskFollower follower = new TaskFollower(stack.bootstrapServers(), "")) {
            progress = follower.follow(new TaskProgress(task.taskId()), Duration.ofMinutes(12), true, p -> { });
        }
        new SummaryPrinter(System.out).print(progress, Duration.ofMillis(System.currentTimeMillis() - start), Map.of());
        try (TaskFollower follower = new TaskFollower(stack.bootstrapServers(), "")) {
            llmProgress = follower.follow(new TaskProgress(llmTask.taskId()), Duration.ofMinutes(8), true, p -> { });
        }
        new SummaryPrinter(System.out).print(llmProgress, Duration.ofMillis(System.currentTimeMillis() - start), Map.of());
        try (TaskFollower follower = new TaskFollower(stack.bootstrapServers(), "")) {
            codeProgress = follower.follow(new TaskProgress(codeTask.taskId()), Duration.ofMinutes(6), true, p -> { });
        }
        new SummaryPrinter(System.out).print(codeProgress, Duration.ofMillis(System.currentTimeMillis() - start), Map.of());
    }

    /**
     * samples/tasks/conala-code.json on a tiny random-weight decoder the test writes (the sample names a real model
     * folder on a volume): the generation path's mechanics, with no claim of quality.
     */
    private static TaskRequest codeGenerationTask(Path decoder) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.mapper().readTree(Files.readString(REPO.resolve("samples/tasks/conala-code.json")));
        json.put("taskId", "e2e-conala");
        json.putObject("retrieval").put("topRows", 24);
        json.putObject("transform").put("mode", "mapping");
        json.putObject("training").put("studentModel", decoder.toString()).put("maxSteps", 4).put("batchSize", 4)
                .put("maxSeqLength", 384);
        json.putObject("evaluation").put("heldOutFraction", 0.25).put("maxEvalExamples", 6).put("fewShotBaseline", true);
        return TaskRequestParser.parse(json.toString());
    }

    /** Scraping from before the ingest, so that the ingest panels have data too. */
    private static void startPrometheus(Path folder) throws Exception {
        Optional<Path> binary = PrometheusServer.binary();
        if (binary.isEmpty()) {
            return;
        }
        Map<String, String> services = new java.util.LinkedHashMap<>();
        for (String service : List.of("retriever-service", "transformer-service", "trainer-service")) {
            services.put(service, stack.url(service));
        }
        prometheus = PrometheusServer.start(binary.get(), folder, services);
        prometheus.awaitTargetsUp(services.size(), Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (stub != null) {
            stub.close();
        }
        if (traces != null) {
            traces.close();
        }
    }

    /** What deploy/README.md says turns tracing on, pointed at the test's receiver, exporting every 200 ms. */
    static Map<String, String> tracingEnv(String endpoint) {
        return Map.of("QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
    }

    /**
     * One task, one trace: the trace the CLI started on the task request is continued by every record of the task on
     * every topic (candidate rows, training examples, every service's events up to the trainer's COMPLETED) and by the
     * spans all three services exported, the span that sent COMPLETED included.
     */
    @Test
    void oneTasksSpansFromItsRequestToItsCompletionShareOneTraceAcrossTheThreeServices() throws Exception {
        String traceId = io.rebase.contracts.TraceParent.traceId(taskTraceparent).orElseThrow();
        String taskJson = "\"taskId\":\"" + task.taskId() + "\"";
        Map<String, List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>>> records = new java.util.LinkedHashMap<>();
        for (String topic : List.of("candidate-rows", "training-examples", "task-events")) {
            records.put(topic, TopicReader.readAll(stack.bootstrapServers(), topic).stream()
                    .filter(r -> task.taskId().equals(r.key()) || (r.value() != null && r.value().contains(taskJson))).toList());
        }
        String completedSpan = null;
        for (var topic : records.entrySet()) {
            assertThat(topic.getValue()).as("%s records of the task", topic.getKey()).isNotEmpty();
            for (var r : topic.getValue()) {
                String header = io.rebase.kafka.KafkaTestClient.header(r, "traceparent");
                assertThat(io.rebase.contracts.TraceParent.traceId(header)).as("trace of %s record %s: %s", topic.getKey(), r.key(),
                        r.value().substring(0, Math.min(200, r.value().length()))).hasValue(traceId);
                if (r.value().contains("\"type\":\"COMPLETED\"")) {
                    completedSpan = io.rebase.contracts.TraceParent.spanId(header).orElseThrow();
                }
            }
        }
        assertThat(completedSpan).as("the task's COMPLETED event").isNotNull();

        // the spans are exported in batches: wait for the one that sent COMPLETED
        String sentCompleted = completedSpan;
        long deadline = System.currentTimeMillis() + 60_000;
        while (traces.spans().stream().noneMatch(sp -> sp.spanId().equals(sentCompleted)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        List<OtlpReceiver.ReceivedSpan> trace = traces.spans().stream().filter(sp -> sp.traceId().equals(traceId)).toList();
        assertThat(traces.problems()).isEmpty();
        assertThat(trace).extracting(OtlpReceiver.ReceivedSpan::service)
                .contains("retriever-service", "transformer-service", "trainer-service");
        assertThat(trace).filteredOn(sp -> sp.spanId().equals(sentCompleted)).singleElement()
                .extracting(OtlpReceiver.ReceivedSpan::service).isEqualTo("trainer-service");
        // the request's consumer is a child of the span id the CLI put on the request
        String requestSpan = io.rebase.contracts.TraceParent.spanId(taskTraceparent).orElseThrow();
        assertThat(trace).filteredOn(sp -> sp.parentSpanId().equals(requestSpan))
                .extracting(OtlpReceiver.ReceivedSpan::service).contains("retriever-service");
        // the trainer learns the spec from the retriever's REQUESTED event: it reads in spans of the retriever's sends
        java.util.Set<String> retrieverSpans = trace.stream().filter(sp -> sp.service().equals("retriever-service"))
                .map(OtlpReceiver.ReceivedSpan::spanId).collect(java.util.stream.Collectors.toSet());
        assertThat(trace).filteredOn(sp -> sp.service().equals("trainer-service") && retrieverSpans.contains(sp.parentSpanId()))
                .as("trainer spans whose parent is a retriever span").isNotEmpty();
    }

    @Test
    void llmTaskCompletesWithRetriedCallsAndDeadLetters() throws Exception {
        assertThat(llmProgress.done()).as("LLM task ended").isTrue();
        assertThat(llmProgress.failed()).as("LLM task failed: %s", llmProgress.terminal()).isFalse();
        assertThat(llmProgress.retrieved()).isPositive();
        assertThat(llmProgress.examples()).isPositive();
        assertThat(llmProgress.deadLettered()).as("rows failing every call are dead-lettered").isPositive();
        assertThat((long) llmProgress.examples() + llmProgress.rejected() + llmProgress.deadLettered())
                .isEqualTo(llmProgress.retrieved());
        assertThat(stub.failedCalls()).isPositive();
        assertThat(FaultToleranceIT.metricSum(stack.url("transformer-service"), "rebase_llm_retries_total"))
                .isPositive().isLessThanOrEqualTo(llmProgress.retrieved() * 2);
    }

    @Test
    void hostileTaskRecordsOnTheTopicGetFailedEventsAndDeadLettersAndDoNotStallTheConsumer() {
        // the valid tasks produced after them completed (above): the retriever's consumer went on
        BadInputChecks.assertHostileTaskRecordsRejected(stack.bootstrapServers());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("io.rebase.e2e.BadInputChecks#httpCases")
    void hostileHttpRequestsGetAClear4xx(String name, String service, String method, String path, String body,
                                         String token, int status, String mentions) throws Exception {
        BadInputChecks.assertHttp(stack.url(service), method, path, body, token, status, mentions);
    }

    @Test
    void rowsWhoseLabelTheTaskLacksAreRejectedAndRowsOfForeignLabelSetsAreNotRetrieved() {
        // the three-way set shares positive / negative with the task, so it is retrieved; its "neutral" rows are not
        // mappable onto a two-way task and are rejected with that reason; trec (question types) and esnli (NLI)
        // share no label with the task and the offline transformer could only reject them: not retrieved
        assertThat(progress.rejectedByReason()).containsKey("label-not-mappable");
        assertThat(progress.retrievalDetails().get("foreignLabelConfigs")).asString().contains("trec/default", "esnli/default");
        assertThat(progress.retrievalDetails().get("datasetMix")).asString().doesNotContain("trec", "esnli");
    }

    @Test
    @SuppressWarnings("unchecked")
    void codeGenerationTaskCompletesOnADecoderWithGenerationsBesideBothBaselines() throws Exception {
        assertThat(codeProgress.done()).as("code task ended").isTrue();
        assertThat(codeProgress.failed()).as("code task failed: %s", codeProgress.terminal()).isFalse();
        assertThat(codeProgress.examples()).isPositive();
        Map<String, Object> details = codeProgress.terminal().details();
        assertThat((Map<String, Object>) details.get("finalMetrics")).containsKeys("bleu", "exact_match");
        assertThat((Map<String, Object>) details.get("baselineMetrics"))
                .containsKeys("bleu", "exact_match", "in_context_bleu", "in_context_exact_match");
        ServiceClient trainer = new ServiceClient(stack.url("trainer-service"), TOKEN);
        JsonNode report = trainer.get("/tasks/" + codeTask.taskId() + "/report.json");
        assertThat(report.path("generations").size()).isPositive();
        assertThat(report.path("generations").get(0).has("gold")).isTrue();
        JsonNode prediction = trainer.post("/tasks/" + codeTask.taskId() + "/predict",
                Map.of("input", Map.of("intent", "sort list `a`")));
        assertThat(prediction.has("text")).isTrue();
    }

    @Test
    void taskCompletesAndEveryRetrievedRowIsAccountedForOnce() {
        assertThat(progress.done()).as("task ended").isTrue();
        assertThat(progress.failed()).as("task failed: %s", progress.terminal()).isFalse();
        assertThat(progress.retrieved()).isPositive().isLessThanOrEqualTo(60);
        assertThat(progress.transformed()).isEqualTo(progress.retrieved());
        assertThat(progress.examples()).isPositive();
        assertThat(progress.lossCurve()).isNotEmpty();
        assertThat(progress.terminal().details()).containsKey("metrics");
    }

    @Test
    void trainedStudentIsServedAndExamplesExport() throws Exception {
        ServiceClient trainer = new ServiceClient(stack.url("trainer-service"), TOKEN);
        JsonNode prediction = trainer.post("/tasks/" + task.taskId() + "/predict",
                Map.of("input", Map.of("sentence", "a wonderful, moving film")));
        assertThat(prediction.toString()).containsAnyOf("positive", "negative");

        Path export = Files.createTempFile("examples", ".jsonl");
        trainer.download("/tasks/" + task.taskId() + "/examples", export);
        List<String> lines = Files.readAllLines(export).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(progress.examples());
        for (String line : lines) {
            JsonNode row = Json.mapper().readTree(line);
            assertThat(row.path("sentence").asText()).isNotBlank();
            assertThat(row.path("output").asText()).isIn("positive", "negative");
        }
    }

    @Test
    void everyDashboardMetricIsExposedByTheRunningServices() throws Exception {
        Path names = REPO.resolve("deploy/grafana/metric-names.txt");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(names), "no dashboards yet");
        List<String> wanted = Files.readAllLines(names).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(wanted).isNotEmpty();
        // Kafka client meters (per-partition lag) are bound by Micrometer's periodic refresh of the client's
        // metrics, so they may appear up to a minute after the partitions were assigned: scrape until then.
        Set<String> exposed = scrapeMetricNames();
        long deadline = System.currentTimeMillis() + 150_000;
        while (!exposed.containsAll(wanted) && System.currentTimeMillis() < deadline) {
            Thread.sleep(5_000);
            exposed = scrapeMetricNames();
        }
        assertThat(exposed).containsAll(wanted);
    }

    /**
     * Every panel of deploy/grafana/dashboards, run by a real Prometheus that scraped the three services from before
     * the ingest to after both tasks, with the labels a cluster's ServiceMonitor gives them (namespace, job, pod: the
     * mapping is in {@link PrometheusServer}); the panels that cannot have data here are listed, with their reason,
     * in {@link DashboardChecks#WITHOUT_DATA_HERE}.
     */
    @Test
    void everyDashboardPanelReturnsDataFromARealPrometheus() throws Exception {
        if (prometheus == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the prometheus binary is not installed in CI: .ci/run installs the Debian package prometheus");
            }
            assumeTrue(false, "the prometheus binary is not installed (Debian package prometheus)");
        }
        DashboardChecks.assertNamespaceVariableResolves(prometheus, REPO);
        DashboardChecks.assertEveryPanelReturnsData(prometheus, REPO, Duration.ofSeconds(150));
        DashboardChecks.assertTransformerReplicasPanelCountsProcesses(prometheus, REPO, 1);
    }

    private static Set<String> scrapeMetricNames() throws Exception {
        Set<String> exposed = new HashSet<>();
        HttpClient http = HttpClient.newHttpClient();
        for (String service : List.of("retriever-service", "transformer-service", "trainer-service")) {
            String body = http.send(HttpRequest.newBuilder(URI.create(stack.url(service) + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            body.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("[{ ]", 2)[0]).forEach(exposed::add);
        }
        return exposed;
    }

    /** Review sentences labelled negative / neutral / positive (like tweeteval sentiment or sst5 in the full datastore). */
    private static void writeThreeWaySentiment(Path folder) throws IOException {
        Files.createDirectories(folder);
        // mostly neutral: the 60 rows the task retrieves leave this set a few places once the three large sets hold
        // their share, and its positive / negative rows rank first
        String[][] rows = {
                {"a warm, witty film that never loses its nerve.", "positive"},
                {"the acting is stiff and the plot goes nowhere.", "negative"},
                {"a moving, beautifully acted story.", "positive"},
                {"a tedious mess with nothing to say.", "negative"},
                {"the film runs two hours and is shot in color.", "neutral"},
                {"the movie is based on a novel and set in boston.", "neutral"},
                {"the sequel opens a year after the first film.", "neutral"},
                {"the story follows a teacher in a small town.", "neutral"},
                {"the film was released in the spring.", "neutral"},
                {"the director also wrote the screenplay.", "neutral"},
                {"most of the film takes place on a train.", "neutral"},
                {"the cast includes several first-time actors.", "neutral"}};
        StringBuilder jsonl = new StringBuilder();
        for (String[] r : rows) {
            jsonl.append(Json.write(Map.of("sentence", r[0], "label", r[1]))).append('\n');
        }
        Files.writeString(folder.resolve("default.jsonl"), jsonl.toString());
        Files.writeString(folder.resolve("dataset.json"), Json.write(Map.of("name", "fx_three_way_sentiment",
                "description", "Movie review sentences labelled by sentiment.", "task_type", "text classification (sentiment)",
                "configs", List.of(Map.of("name", "default", "file", "default.jsonl", "description", "sentence and sentiment",
                        "labels", List.of("negative", "neutral", "positive"))))));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
