package io.rebase.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.e2e.DashboardPanels.Query;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboards against a real Prometheus that scraped the local stack while it ran tasks: every panel
 * query, variables substituted, is evaluated over the run as Grafana would ({@code /api/v1/query_range}) and must
 * return data, except the queries of {@link #WITHOUT_DATA_HERE}, which must still return none.
 */
final class DashboardChecks {

    private static final String EXPORTER = "Strimzi's Kafka Exporter (kafka_consumergroup_*, kafka_topic_*) runs only in"
            + " a cluster; the local stack's embedded broker has no exporter";

    /**
     * Queries that cannot return data on the local stack, with the reason. A query listed here that returns data
     * fails the check, so the list cannot outlive its reason.
     */
    static final Map<String, String> WITHOUT_DATA_HERE = Map.of(
            "rebase-kafka-lag.json › Lag per group and topic (Kafka Exporter) [A]", EXPORTER,
            "rebase-kafka-lag.json › candidate-rows lag of the transformer group (KEDA scales on this) [A]", EXPORTER,
            "rebase-kafka-lag.json › Partitions per topic (Kafka Exporter) [A]", EXPORTER,
            "rebase-pipeline.json › Tasks submitted / min (task-requests, Kafka Exporter) [A]", EXPORTER,
            "rebase-pipeline.json › Records retained in the dead-letter topics (Kafka Exporter) [A]", EXPORTER,
            "rebase-training.json › training-examples lag of the trainer group (Kafka Exporter) [A]", EXPORTER);

    /** Several scrapes per step, and many steps in a run of a few minutes (the rate windows are 1m). */
    private static final Duration STEP = Duration.ofSeconds(5);

    private DashboardChecks() {
    }

    /**
     * Evaluates every panel query over the time Prometheus has been scraping; retries until {@code wait} has passed
     * while a query that should return data returns none (client meters such as the Kafka consumer lag are bound by
     * Micrometer's periodic refresh, up to a minute after the partitions were assigned).
     */
    static void assertEveryPanelReturnsData(PrometheusServer prometheus, Path repo, Duration wait) throws Exception {
        List<Query> queries = DashboardPanels.all(repo);
        assertThat(queries).hasSizeGreaterThan(WITHOUT_DATA_HERE.size());
        assertThat(queries.stream().map(Query::toString).toList()).as("allowlisted queries that no dashboard has")
                .containsAll(WITHOUT_DATA_HERE.keySet());
        long deadline = System.nanoTime() + wait.toNanos();
        Map<Query, Boolean> hasData = evaluate(prometheus, queries);
        while (!missing(hasData).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5_000);
            hasData = evaluate(prometheus, queries);
        }
        assertThat(missing(hasData)).as("panel queries that returned no data from Prometheus (query: expression)")
                .isEmpty();
        List<String> unexpected = new ArrayList<>();
        hasData.forEach((q, data) -> {
            if (data && WITHOUT_DATA_HERE.containsKey(q.toString())) {
                unexpected.add(q.toString());
            }
        });
        assertThat(unexpected).as("allowlisted in WITHOUT_DATA_HERE but returned data: remove them from the list").isEmpty();
    }

    /**
     * Regression: the "Transformer replicas" panel once counted the per-partition lag series, so it showed the
     * partition count; it must show the number of transformer processes, and the lag series it used to count must
     * outnumber them (or this check could not tell the two apart).
     */
    static void assertTransformerReplicasPanelCountsProcesses(PrometheusServer prometheus, Path repo, int processes)
            throws Exception {
        Query panel = DashboardPanels.all(repo).stream()
                .filter(q -> q.panelKey().equals("rebase-kafka-lag.json › Transformer replicas")).findFirst().orElseThrow();
        assertThat(instantValue(prometheus, panel.expr())).as(panel.toString()).isEqualTo(processes);
        String lagSeries = "count(kafka_consumer_fetch_manager_records_lag{namespace=\"%s\", job=\"transformer-service\","
                + " topic=\"candidate-rows\"})";
        assertThat(instantValue(prometheus, lagSeries.formatted(PrometheusServer.NAMESPACE))).isGreaterThan(processes);
    }

    /** Regression: the dashboards' {@code $namespace} variable, as Grafana resolves it, offers the stack's namespace. */
    static void assertNamespaceVariableResolves(PrometheusServer prometheus, Path repo) throws Exception {
        String definition = DashboardPanels.namespaceVariableDefinition(repo, "rebase-pipeline.json");
        Matcher m = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)").matcher(definition);
        assertThat(m.matches()).as(definition).isTrue();
        assertThat(prometheus.labelValues(m.group(2), m.group(1))).containsExactly(PrometheusServer.NAMESPACE);
    }

    private static Map<Query, Boolean> evaluate(PrometheusServer prometheus, List<Query> queries)
            throws IOException, InterruptedException {
        Map<Query, Boolean> out = new LinkedHashMap<>();
        Instant end = Instant.now();
        for (Query q : queries) {
            JsonNode result = prometheus.queryRange(q.expr(), prometheus.started(), end, STEP).path("data").path("result");
            out.put(q, hasFiniteValue(result));
        }
        return out;
    }

    /** Data: at least one sample that is a number (a quantile of no observations is NaN, an empty panel line). */
    private static boolean hasFiniteValue(JsonNode result) {
        for (JsonNode series : result) {
            for (JsonNode sample : series.path("values")) {
                if (Double.isFinite(parse(sample.path(1).asText()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> missing(Map<Query, Boolean> hasData) {
        List<String> out = new ArrayList<>();
        hasData.forEach((q, data) -> {
            if (!data && !WITHOUT_DATA_HERE.containsKey(q.toString())) {
                out.add(q + ": " + q.expr());
            }
        });
        return out;
    }

    private static double instantValue(PrometheusServer prometheus, String expr) throws IOException, InterruptedException {
        JsonNode result = prometheus.query(expr).path("data").path("result");
        assertThat(result).as("one series from %s", expr).hasSize(1);
        return parse(result.get(0).path("value").path(1).asText());
    }

    private static double parse(String value) {
        return switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }
}
