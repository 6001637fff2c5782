package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboards: well-formed, provisioned, and reading only metrics that exist. */
class DashboardsTest {

    @Test
    void everyDashboardIsWellFormedAndProvisioned() throws IOException {
        String kustomization = Files.readString(RepoPaths.grafana().resolve("kustomization.yaml"));
        Set<String> uids = new HashSet<>();
        assertThat(Dashboards.files()).hasSizeGreaterThanOrEqualTo(5);
        for (Path file : Dashboards.files()) {
            JsonNode d = Dashboards.read(file);
            assertThat(uids.add(d.path("uid").asText())).as("unique uid of %s", file).isTrue();
            assertThat(d.path("title").asText()).as(file.toString()).startsWith("ReBase /");
            assertThat(d.path("panels")).as(file.toString()).isNotEmpty();
            for (JsonNode panel : d.path("panels")) {
                assertThat(panel.path("targets")).as("targets of panel %s in %s", panel.path("title"), file).isNotEmpty();
                assertThat(Dashboards.expressions(panel)).as(panel.path("title").asText()).allMatch(e -> !e.isBlank());
            }
            assertThat(kustomization).as("configMapGenerator entry").contains("dashboards/" + file.getFileName());
        }
        List<Manifest> provisioned = Renders.ofKind(Renders.of("base"), "ConfigMap");
        assertThat(provisioned).isNotEmpty();
    }

    @Test
    void dashboardsAreProvisionedAsLabelledConfigMaps() {
        List<Manifest> objects = Kubectl.available() ? Renders.of("dev") : List.of();
        org.junit.jupiter.api.Assumptions.assumeTrue(Kubectl.available(), "kubectl not on the PATH");
        List<Manifest> dashboards = Renders.ofKind(objects, "ConfigMap").stream()
                .filter(m -> "1".equals(m.node().path("metadata").path("labels").path("grafana_dashboard").asText()))
                .toList();
        assertThat(dashboards).hasSize(Dashboards.files().size());
        for (Manifest m : dashboards) {
            m.node().path("data").fields().forEachRemaining(e -> assertThat(e.getKey()).endsWith(".json"));
        }
    }

    @Test
    void everyRebaseMetricIsRegisteredByAService() {
        Set<String> registered = MeterNames.registered();
        List<String> missing = new ArrayList<>();
        for (String metric : Dashboards.serviceMetricNames()) {
            boolean known = metric.startsWith("rebase_")
                    ? MeterNames.isRegistered(metric, registered)
                    : MeterNames.BINDER_PREFIXES.stream().anyMatch(metric::startsWith);
            if (!known) {
                missing.add(metric);
            }
        }
        assertThat(missing).as("dashboard metrics no service registers (registered: %s)", registered).isEmpty();
    }

    @Test
    void labelValuesNameRealJobsGroupsAndTopics() {
        Set<String> groups = new TreeSet<>();
        for (ServiceConfig s : ServiceConfig.all()) {
            Topics.ALL.forEach(t -> groups.addAll(s.groupIds(t)));
        }
        Pattern label = Pattern.compile("\\b(job|consumergroup|topic)\\s*=\\s*\"([^\"]+)\"");
        for (String expr : Dashboards.allExpressions()) {
            Matcher m = label.matcher(expr);
            while (m.find()) {
                Set<String> allowed = switch (m.group(1)) {
                    // the ServiceMonitor's job label is the Service name
                    case "job" -> Set.copyOf(RepoPaths.SERVICES);
                    case "consumergroup" -> groups;
                    default -> Set.copyOf(Topics.ALL);
                };
                assertThat(allowed).as("%s in %s", m.group(), expr).contains(m.group(2));
            }
        }
    }

    @Test
    void panelsDoNotOverlap() {
        for (Path file : Dashboards.files()) {
            List<JsonNode> panels = new ArrayList<>();
            Dashboards.read(file).path("panels").forEach(panels::add);
            for (int i = 0; i < panels.size(); i++) {
                for (int j = i + 1; j < panels.size(); j++) {
                    JsonNode a = panels.get(i).path("gridPos");
                    JsonNode b = panels.get(j).path("gridPos");
                    boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                            && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                            && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                            && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
                    assertThat(overlap).as("%s: panels %s and %s overlap", file.getFileName(),
                            panels.get(i).path("title"), panels.get(j).path("title")).isFalse();
                }
            }
        }
    }

    /** Several installs (namespaces) feed one Prometheus: every series a panel reads is the chosen namespace's. */
    @Test
    void everyDashboardHasANamespaceVariableAndEverySelectorUsesIt() {
        for (Path file : Dashboards.files()) {
            JsonNode d = Dashboards.read(file);
            assertThat(d.path("templating").path("list").findValuesAsText("name")).as(file.toString()).contains("namespace");
            for (String expr : Dashboards.expressions(d)) {
                for (String metric : PromQlMetricNames.of(expr)) {
                    Matcher m = Pattern.compile("(?<![A-Za-z0-9_:])" + metric + "(?![A-Za-z0-9_:])(\\{[^}]*})?").matcher(expr);
                    while (m.find()) {
                        assertThat(m.group(1)).as("selector of %s in %s (%s)", metric, expr, file.getFileName())
                                .isNotNull().contains("namespace=\"$namespace\"");
                    }
                }
            }
        }
    }

    /** Regression: counting the per-client, per-partition lag series showed the partition count, not the pods. */
    @Test
    void transformerReplicasCountsOneSeriesPerPod() {
        String expr = panelExpression("rebase-kafka-lag.json", "Transformer replicas");
        assertThat(expr).startsWith("count(process_cpu_usage{").contains("job=\"transformer-service\"").doesNotContain("kafka_");
    }

    /** Regression: the end offset counts every record ever written; retained = end minus oldest retained offset. */
    @Test
    void deadLetterPanelShowsRetainedRecords() {
        String expr = panelExpression("rebase-pipeline.json", "Records retained in the dead-letter topics (Kafka Exporter)");
        assertThat(expr).containsPattern("kafka_topic_partition_current_offset\\{[^}]*} - kafka_topic_partition_oldest_offset\\{");
    }

    private static String panelExpression(String dashboard, String title) {
        JsonNode d = Dashboards.read(RepoPaths.grafana().resolve("dashboards").resolve(dashboard));
        for (JsonNode panel : d.path("panels")) {
            if (panel.path("title").asText().equals(title)) {
                return Dashboards.expressions(panel).get(0);
            }
        }
        throw new AssertionError("no panel \"" + title + "\" in " + dashboard);
    }

    /** The coordinator's end-to-end test reads these files and scrapes the running services' /q/metrics for each name. */
    @Test
    void metricNameFilesAreUpToDate() throws IOException {
        List<String> stale = new ArrayList<>();
        write(RepoPaths.grafana().resolve("metric-names.txt"), Dashboards.serviceMetricNames(), stale);
        write(RepoPaths.grafana().resolve("exporter-metric-names.txt"), Dashboards.exporterMetricNames(), stale);
        assertThat(stale).as("regenerated from the dashboards: commit them").isEmpty();
    }

    private static void write(Path file, Set<String> names, List<String> stale) throws IOException {
        String expected = String.join("\n", names) + "\n";
        if (!Files.isRegularFile(file) || !Files.readString(file).equals(expected)) {
            Files.writeString(file, expected);
            stale.add(RepoPaths.root().relativize(file).toString());
        }
    }
}
