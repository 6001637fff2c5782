package io.rebase.e2e;

import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.provider.Arguments;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and malformed inputs against the running stack (the packaged services as processes): task records on
 * {@code task-requests}, and HTTP requests to every service's REST surface. The table of all cases, these and the
 * in-process ones of each module, is docs/BAD-INPUT.md.
 */
final class BadInputChecks {

    private static final String EXAMPLE = "\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}]";
    private static final String FIVE_MB = "x".repeat(5 * 1024 * 1024);

    /** Record key, value, and the field its FAILED event must name. */
    static final List<String[]> HOSTILE_TASK_RECORDS = List.of(
            new String[]{"e2e-bad-not-json", "not json at all", "(message)"},
            new String[]{"e2e-bad-empty", "", "(message)"},
            new String[]{"e2e-bad-type", "{\"instruction\":\"i\",\"taskType\":\"poetry\"," + EXAMPLE + "}", "taskType"},
            new String[]{"e2e-bad-unknown-field", "{\"instruction\":\"i\",\"taskType\":\"generation\",\"colour\":\"red\"," + EXAMPLE + "}", "colour"},
            new String[]{"e2e-bad-labels", "{\"instruction\":\"i\",\"taskType\":\"classification\",\"examples\":[{\"input\":{\"q\":\"x\"},\"output\":\"c\"}]}", "labels"},
            new String[]{"e2e-bad-generation", "{\"taskId\":\"e2e-bad-generation\",\"instruction\":\"i\",\"taskType\":\"generation\"," + EXAMPLE + ",\"retrieval\":{\"maxDatasetShare\":7}}", "retrieval.maxDatasetShare"});

    private BadInputChecks() {
    }

    static void produceHostileTaskRecords(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String[] r : HOSTILE_TASK_RECORDS) {
                producer.send(new ProducerRecord<>(Topics.TASK_REQUESTS, r[0], r[1])).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce the hostile task records", e);
        }
    }

    /** Each hostile record: one FAILED event (keyed by its record key) naming the field, and its record on the DLQ. */
    static void assertHostileTaskRecordsRejected(String bootstrapServers) {
        List<ConsumerRecord<String, String>> events = TopicReader.readAll(bootstrapServers, Topics.TASK_EVENTS);
        List<ConsumerRecord<String, String>> dlq = TopicReader.readAll(bootstrapServers, Topics.dlq(Topics.TASK_REQUESTS));
        for (String[] r : HOSTILE_TASK_RECORDS) {
            List<TaskEvent> failed = events.stream().filter(e -> r[0].equals(e.key()))
                    .map(e -> Json.read(e.value(), TaskEvent.class))
                    .filter(e -> e.type() == TaskEventType.FAILED && "retriever-service".equals(e.source())).toList();
            assertThat(failed).as("FAILED events for %s", r[0]).hasSize(1);
            assertThat(failed.get(0).field()).as("field named for %s", r[0]).isEqualTo(r[2]);
            assertThat(failed.get(0).message()).isNotBlank();
            assertThat(dlq.stream().filter(d -> r[0].equals(d.key())).toList()).as("DLQ record of %s", r[0]).hasSize(1);
        }
    }

    /** name, service, method, path, body, token ("valid", "none", "wrong"), expected status, text the error mentions. */
    static Stream<Arguments> httpCases() {
        String predict = "/tasks/e2e-sentiment/predict";
        return Stream.of(
                Arguments.of("task: malformed JSON", "retriever-service", "POST", "/tasks", "{\"instruction\": \"x\",", "valid", 400, "malformed JSON"),
                Arguments.of("task: missing instruction", "retriever-service", "POST", "/tasks", "{\"taskType\":\"generation\"," + EXAMPLE + "}", "valid", 400, "instruction"),
                Arguments.of("task: unknown task type", "retriever-service", "POST", "/tasks", "{\"instruction\":\"i\",\"taskType\":\"poetry\"," + EXAMPLE + "}", "valid", 400, "taskType"),
                Arguments.of("task: example label outside the label set", "retriever-service", "POST", "/tasks",
                        "{\"instruction\":\"i\",\"taskType\":\"classification\",\"labels\":[\"a\",\"b\"],\"examples\":[{\"input\":{\"q\":\"x\"},\"output\":\"c\"}]}", "valid", 400, "examples[0].output"),
                Arguments.of("task: path-traversal taskId", "retriever-service", "POST", "/tasks",
                        "{\"taskId\":\"../../etc\",\"instruction\":\"i\",\"taskType\":\"generation\"," + EXAMPLE + "}", "valid", 400, "taskId"),
                Arguments.of("task: 5 MB body", "retriever-service", "POST", "/tasks",
                        "{\"instruction\":\"" + FIVE_MB + "\",\"taskType\":\"generation\"," + EXAMPLE + "}", "valid", 413, ""),
                Arguments.of("task: no bearer token", "retriever-service", "POST", "/tasks", "{\"instruction\":\"i\",\"taskType\":\"generation\"," + EXAMPLE + "}", "none", 401, "bearer token"),
                Arguments.of("task: wrong bearer token", "retriever-service", "POST", "/tasks", "{\"instruction\":\"i\",\"taskType\":\"generation\"," + EXAMPLE + "}", "wrong", 401, "bearer token"),
                Arguments.of("dataset: ../ path traversal", "retriever-service", "POST", "/datasets", "{\"path\":\"../../etc\"}", "valid", 400, ""),
                Arguments.of("dataset: absolute path", "retriever-service", "POST", "/datasets", "{\"path\":\"/etc\"}", "valid", 400, ""),
                Arguments.of("dataset: no such folder", "retriever-service", "POST", "/datasets", "{\"path\":\"no_such_dataset\"}", "valid", 404, ""),
                Arguments.of("dataset: no path", "retriever-service", "POST", "/datasets", "{}", "valid", 400, "path is required"),
                Arguments.of("dataset: no bearer token", "retriever-service", "POST", "/datasets", "{\"path\":\"mpqa\"}", "none", 401, "bearer token"),
                Arguments.of("predict: no input", "trainer-service", "POST", predict, "{}", "valid", 400, "input"),
                Arguments.of("predict: missing input field", "trainer-service", "POST", predict, "{\"input\":{\"text\":\"great\"}}", "valid", 400, "sentence"),
                Arguments.of("predict: input is a string", "trainer-service", "POST", predict, "{\"input\":\"great\"}", "valid", 400, ""),
                Arguments.of("predict: malformed JSON", "trainer-service", "POST", predict, "{\"input\":", "valid", 400, ""),
                Arguments.of("predict: unknown task", "trainer-service", "POST", "/tasks/no-such-task/predict", "{\"input\":{\"sentence\":\"x\"}}", "valid", 404, "no-such-task"),
                Arguments.of("predict: 5 MB body", "trainer-service", "POST", predict, "{\"input\":{\"sentence\":\"" + FIVE_MB + "\"}}", "valid", 413, ""),
                Arguments.of("predict: no bearer token", "trainer-service", "POST", predict, "{\"input\":{\"sentence\":\"x\"}}", "none", 401, "bearer token"),
                Arguments.of("trainer: unknown task", "trainer-service", "GET", "/tasks/no-such-task", null, "valid", 404, ""),
                Arguments.of("transformer: stats of an unknown task", "transformer-service", "GET", "/tasks/no-such-task/stats", null, "valid", 404, ""),
                Arguments.of("trainer: task list without a token", "trainer-service", "GET", "/tasks", null, "none", 401, "bearer token"),
                Arguments.of("trainer: model download without a token", "trainer-service", "GET", "/tasks/e2e-sentiment/model", null, "none", 401, "bearer token"),
                Arguments.of("trainer: examples with a wrong token", "trainer-service", "GET", "/tasks/e2e-sentiment/examples", null, "wrong", 401, "bearer token"),
                Arguments.of("retriever: datasets without a token", "retriever-service", "GET", "/datasets", null, "none", 401, "bearer token"),
                Arguments.of("transformer: OpenAPI without a token", "transformer-service", "GET", "/q/openapi", null, "none", 401, "bearer token"),
                Arguments.of("cancel: no bearer token", "retriever-service", "DELETE", "/tasks/e2e-sentiment", null, "none", 401, "bearer token"),
                Arguments.of("cancel: invalid task id", "retriever-service", "DELETE", "/tasks/a..b", null, "valid", 400, "task id"),
                Arguments.of("retriever: readiness stays open", "retriever-service", "GET", "/q/health/ready", null, "none", 200, ""));
    }

    static void assertHttp(String baseUrl, String method, String path, String body, String token, int status,
                           String mentions) throws Exception {
        if (body != null && body.length() > 1024 * 1024) {
            assertThat(oversizeStatus(baseUrl, path, body, token)).as("%s %s with %d bytes", method, path, body.length())
                    .isEqualTo(status);
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(1));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if ("valid".equals(token)) {
            b.header("Authorization", "Bearer " + LocalPipelineIT.TOKEN);
        } else if ("wrong".equals(token)) {
            b.header("Authorization", "Bearer not-the-token");
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s answered %s", method, path, r.body()).isEqualTo(status);
        if (!mentions.isEmpty()) {
            assertThat(r.body()).contains(mentions);
        }
    }

    /**
     * POSTs an oversize body over a plain socket: the server answers 413 and closes the connection before the whole
     * body is sent, which the JDK client reports as an IOException instead of the response.
     */
    private static int oversizeStatus(String baseUrl, String path, String body, String token) throws Exception {
        URI uri = URI.create(baseUrl);
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(60_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + ("valid".equals(token) ? "\r\nAuthorization: Bearer " + LocalPipelineIT.TOKEN : "")
                    + "\r\nConnection: close\r\n\r\n";
            var out = socket.getOutputStream();
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            // the declared Content-Length alone is over the limit: the answer normally comes before any body byte
            long deadline = System.currentTimeMillis() + 10_000;
            while (socket.getInputStream().available() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            if (socket.getInputStream().available() == 0) {
                try {
                    out.write(bytes);
                    out.flush();
                } catch (java.io.IOException closedEarly) {
                    // expected: the server refused the body and closed its side
                }
            }
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(status).as("status line").isNotNull().startsWith("HTTP/1.1 ");
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
