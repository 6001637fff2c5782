package io.rebase.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server (the Debian package's binary) with its own config and data folder, listening on
 * 127.0.0.1 on a free port, that scrapes the local stack's services, and the parts of its HTTP API the dashboard
 * check reads.
 *
 * <p>The scrape config gives each series the labels the dashboards select on, as kube-prometheus-stack does for the
 * {@code rebase-services} ServiceMonitor (deploy/k8s/base/monitoring/monitors.yaml) in the {@code rebase} namespace:
 * <ul>
 *   <li>{@code job}: the Kubernetes Service name, which is the service's name ({@code transformer-service}, ...);</li>
 *   <li>{@code namespace}: {@value #NAMESPACE} (the dashboards' {@code $namespace} variable resolves to it);</li>
 *   <li>{@code pod}: {@code <service>-e2e}, one "pod" per process, as a Deployment with one replica would have;</li>
 *   <li>{@code service}, {@code container}, {@code endpoint}: the Service, container and port names of the base.</li>
 * </ul>
 */
final class PrometheusServer implements AutoCloseable {

    static final String NAMESPACE = "rebase";
    /** Short, so that every rate window of the dashboards holds many samples of a run of a few minutes. */
    static final String SCRAPE_INTERVAL = "2s";

    private final Process process;
    private final Path log;
    private final String baseUrl;
    private final Instant started = Instant.now();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread shutdownHook;

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.baseUrl = "http://127.0.0.1:" + port;
        this.shutdownHook = new Thread(process::destroyForcibly, "prometheus-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The {@code prometheus} binary on the PATH or where the Debian package puts it, if installed. */
    static Optional<Path> binary() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "prometheus"));
            }
        }
        candidates.add(Path.of("/usr/bin/prometheus"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts Prometheus in {@code workDir}, scraping {@code /q/metrics} of each service ({@code name -> base URL}),
     * and waits until it is ready.
     */
    static PrometheusServer start(Path binary, Path workDir, Map<String, String> services) throws IOException {
        Files.createDirectories(workDir);
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, config(services));
        int port = freePort();
        Path log = workDir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1d")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, port);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    static String config(Map<String, String> services) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: %1$s
                  scrape_timeout: %1$s
                  evaluation_interval: %1$s
                scrape_configs:
                """.formatted(SCRAPE_INTERVAL));
        services.forEach((name, url) -> yaml.append("""
                  - job_name: %1$s
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['%2$s']
                        labels:
                          namespace: %3$s
                          pod: %1$s-e2e
                          service: %1$s
                          container: %1$s
                          endpoint: http
                """.formatted(name, URI.create(url).getAuthority(), NAMESPACE)));
        return yaml.toString();
    }

    /** When Prometheus started: the start of every range the check evaluates. */
    Instant started() {
        return started;
    }

    /** Waits until every target has been scraped successfully at least once ({@code up == 1}). */
    void awaitTargetsUp(int targets, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode result = query("sum(up)").path("data").path("result");
            if (result.size() == 1 && result.get(0).path("value").path(1).asDouble() >= targets) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Prometheus targets not up after " + timeout + ": "
                        + get("/api/v1/targets") + "\n" + logTail());
            }
            Thread.sleep(1_000);
        }
    }

    /** {@code /api/v1/query} at the current time. */
    JsonNode query(String expr) throws IOException, InterruptedException {
        return api("/api/v1/query?query=" + encode(expr));
    }

    /** {@code /api/v1/query_range}: what a Grafana panel runs for its time range. */
    JsonNode queryRange(String expr, Instant start, Instant end, Duration step) throws IOException, InterruptedException {
        return api("/api/v1/query_range?query=" + encode(expr) + "&start=" + start.getEpochSecond()
                + "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds());
    }

    /** {@code /api/v1/label/<name>/values?match[]=<selector>}: what Grafana's {@code label_values(selector, name)} runs. */
    List<String> labelValues(String label, String selector) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        api("/api/v1/label/" + label + "/values?match[]=" + encode(selector)).path("data").forEach(v -> out.add(v.asText()));
        return out;
    }

    private JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        String body = get(pathAndQuery);
        JsonNode json = Json.mapper().readTree(body);
        if (!"success".equals(json.path("status").asText())) {
            throw new IllegalStateException("Prometheus " + pathAndQuery + ": " + body);
        }
        return json;
    }

    private String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // retried until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(500);
        }
        close();
        throw new IOException("Prometheus did not become ready within " + timeout + ":\n" + logTail());
    }

    String logTail() {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
