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
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's path at a smaller size: the packaged services as separate processes on the in-process broker,
 * a small datastore ingested over REST, a sentiment task produced to Kafka, followed to COMPLETED. Then the
 * accounting (every retrieved row is an example, a rejection or a dead letter), serving, export, and the
 * dashboards' metric names against the services' real /q/metrics.
 */
class LocalPipelineIT {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static LocalStack stack;
    static TaskProgress progress;
    static TaskRequest task;

    @BeforeAll
    static void runPipeline() throws IOException {
        Path work = Files.createTempDirectory("rebase-e2e-");
        Path datastore = work.resolve("datastore");
        for (String dataset : List.of("rt_polarity", "customer_reviews", "mpqa", "esnli", "trec")) {
            copy(REPO.resolve("samples/datastore").resolve(dataset), datastore.resolve(dataset));
        }
        task = TaskRequestParser.parse("""
                {"taskId":"e2e-sentiment","instruction":"Classify the sentiment of a review sentence as positive or negative.",
                 "taskType":"classification","labels":["positive","negative"],
                 "examples":[{"input":{"sentence":"a gorgeous, witty, seductive movie."},"output":"positive"},
                             {"input":{"sentence":"the plot is dull and the acting is worse."},"output":"negative"}],
                 "retrieval":{"topRows":60},
                 "training":{"epochs":1,"maxSeqLength":64,"batchSize":8,"maxSteps":12},
                 "evaluation":{"evalSetPath":"samples/eval/sentiment-eval.jsonl","maxEvalExamples":40,"fewShotBaseline":true}}
                """);
        stack = new LocalStack(REPO, work, Map.of("REBASE_RETRIEVER_MAX_ROWS_PER_CONFIG", "60"), System.out).start(datastore);
        DatastoreIngest.ingestAll(new ServiceClient(stack.url("retriever-service"), null), System.out);
        TaskPublisher.publish(stack.bootstrapServers(), "", task);
        long start = System.currentTimeMillis();
        try (TaskFollower follower = new TaskFollower(stack.bootstrapServers(), "")) {
            progress = follower.follow(new TaskProgress(task.taskId()), Duration.ofMinutes(12), true, p -> { });
        }
        new SummaryPrinter(System.out).print(progress, Duration.ofMillis(System.currentTimeMillis() - start), Map.of());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
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
        ServiceClient trainer = new ServiceClient(stack.url("trainer-service"), null);
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
        Set<String> exposed = new HashSet<>();
        HttpClient http = HttpClient.newHttpClient();
        for (String service : List.of("retriever-service", "transformer-service", "trainer-service")) {
            String body = http.send(HttpRequest.newBuilder(URI.create(stack.url(service) + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            body.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("[{ ]", 2)[0]).forEach(exposed::add);
        }
        List<String> wanted = Files.readAllLines(names).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(wanted).isNotEmpty();
        assertThat(exposed).containsAll(wanted);
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
