package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PrometheusRule rebase-alerts: its rules load in Prometheus and behave as its unit tests say
 * ({@code promtool test rules}, deploy/src/test/resources/alerts/alerts-test.yaml), and they read only metrics that
 * exist. promtool comes from the Debian package prometheus (.ci/run installs it): without it the promtool tests skip
 * on a developer machine and fail in CI (CI=true).
 */
class AlertRulesTest {

    /** Metrics the alerts read from kube-prometheus-stack's kube-state-metrics, cAdvisor and Prometheus itself. */
    static final Set<String> PLATFORM_METRICS = Set.of("up", "container_memory_working_set_bytes",
            "kube_pod_container_resource_limits", "kube_horizontalpodautoscaler_status_current_replicas",
            "kube_horizontalpodautoscaler_spec_max_replicas");

    static Path rulesFile() {
        return RepoPaths.k8s().resolve("base/monitoring/alerts.yaml");
    }

    static JsonNode rule() {
        return Manifest.parse(rulesFile()).get(0).node();
    }

    @Test
    void rulesLoadInPrometheus() throws Exception {
        Path dir = workDir();
        String out = promtool(dir, "check", "rules", "rebase-alerts.rules.yaml");
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void alertsFireAndStayQuietAsTheirUnitTestsSay() throws Exception {
        Path dir = workDir();
        String out = promtool(dir, "test", "rules", "alerts-test.yaml");
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void everyAlertIsUnitTestedFiringAndQuiet() throws IOException {
        Set<String> alerts = alertNames();
        JsonNode tests = Manifest.YAML.readTree(testFile().toFile());
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode case_ : test.path("alert_rule_test")) {
                (case_.path("exp_alerts").isEmpty() ? quiet : firing).add(case_.path("alertname").asText());
            }
        }
        assertThat(alerts).containsExactlyInAnyOrder("RebaseCandidateRowsLagGrowingAtMaxReplicas", "RebaseDeadLettersGrowing",
                "RebaseTasksFailing", "RebaseTrainerMemoryNearLimit", "RebaseLlmErrorRateHigh", "RebaseLlmSpendHigh",
                "RebaseServiceDown", "RebaseServiceMissing");
        assertThat(firing).as("alerts with a test where they fire").isEqualTo(alerts);
        assertThat(quiet).as("alerts with a test where they stay quiet").isEqualTo(alerts);
    }

    @Test
    void alertsReadOnlyMetricsThatExist() {
        Set<String> registered = MeterNames.registered();
        List<String> unknown = new ArrayList<>();
        for (JsonNode r : rules()) {
            for (String metric : PromQlMetricNames.of(r.path("expr").asText())) {
                boolean known = metric.startsWith("rebase_") ? MeterNames.isRegistered(metric, registered)
                        : Dashboards.fromExporter(metric) || PLATFORM_METRICS.contains(metric)
                        || MeterNames.BINDER_PREFIXES.stream().anyMatch(metric::startsWith);
                if (!known) {
                    unknown.add(r.path("alert").asText() + ": " + metric);
                }
            }
            assertThat(r.path("labels").path("severity").asText()).as("severity of %s", r.path("alert")).isIn("warning", "critical");
            assertThat(r.path("annotations").path("summary").asText()).as("summary of %s", r.path("alert")).isNotBlank();
        }
        assertThat(unknown).as("metrics no service, exporter or platform component exposes").isEmpty();
    }

    @Test
    void rulesAreSelectedByKubePrometheusStack() {
        List<Manifest> base = Renders.of("base");
        assertThat(Renders.ofKind(base, "PrometheusRule")).extracting(Manifest::name).containsExactly("rebase-alerts");
        if (Kubectl.available()) {
            for (Manifest m : Kubectl.kustomize(RepoPaths.k8s().resolve("base"))) {
                if (m.apiVersion().startsWith("monitoring.coreos.com/")) {
                    assertThat(m.node().path("metadata").path("labels").path("release").asText())
                            .as("release label of %s (kube-prometheus-stack's selector)", m).isNotBlank();
                }
            }
        }
    }

    private static Set<String> alertNames() {
        Set<String> out = new TreeSet<>();
        rules().forEach(r -> out.add(r.path("alert").asText()));
        return out;
    }

    private static List<JsonNode> rules() {
        List<JsonNode> out = new ArrayList<>();
        rule().path("spec").path("groups").forEach(g -> g.path("rules").forEach(out::add));
        return out;
    }

    private static Path testFile() {
        return RepoPaths.deploy().resolve("src/test/resources/alerts/alerts-test.yaml");
    }

    /** A folder with the rule groups as a plain Prometheus rules file and the unit tests beside it. */
    private static Path workDir() throws IOException {
        Path dir = Files.createTempDirectory("alerts");
        ObjectNode groups = Manifest.YAML.createObjectNode();
        groups.set("groups", rule().path("spec").path("groups"));
        Files.writeString(dir.resolve("rebase-alerts.rules.yaml"), Manifest.YAML.writeValueAsString(groups));
        Files.copy(testFile(), dir.resolve("alerts-test.yaml"));
        return dir;
    }

    private static String promtool(Path dir, String... args) throws Exception {
        Optional<Path> promtool = onPath("promtool");
        if (promtool.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("promtool is not on the PATH in CI: .ci/run installs the Debian package prometheus");
            }
            assumeTrue(false, "promtool is not on the PATH (Debian package prometheus): alert unit tests skipped");
        }
        List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("promtool", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool " + String.join(" ", args) + " did not finish in 60 s");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }

    static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
