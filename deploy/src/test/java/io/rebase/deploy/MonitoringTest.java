package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What Prometheus scrapes: the services, Qdrant (with its API key), the Kafka Exporter and the brokers' JMX exporter. */
class MonitoringTest {

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void brokersExportMetricsThroughAConfigMapThatExists(String render) {
        List<Manifest> objects = Renders.of(render);
        JsonNode metrics = Renders.ofKind(objects, "Kafka").get(0).spec().path("kafka").path("metricsConfig");
        assertThat(metrics.path("type").asText()).isEqualTo("jmxPrometheusExporter");
        JsonNode ref = metrics.path("valueFrom").path("configMapKeyRef");
        Manifest config = Renders.find(objects, "ConfigMap", ref.path("name").asText());
        assertThat(config.node().path("data").path(ref.path("key").asText()).asText()).contains("rules:").contains("kafka.server");
        JsonNode brokers = Renders.find(objects, "PodMonitor", "rebase-kafka-brokers").spec();
        assertThat(brokers.path("selector").path("matchLabels").path("strimzi.io/name").asText())
                .isEqualTo(Renders.ofKind(objects, "Kafka").get(0).name() + "-kafka");
        assertThat(brokers.path("podMetricsEndpoints").get(0).path("port").asText()).isEqualTo("tcp-prometheus");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void qdrantIsScrapedWithItsApiKey(String render) {
        List<Manifest> objects = Renders.of(render);
        JsonNode monitor = Renders.find(objects, "ServiceMonitor", "qdrant").spec();
        Manifest service = Renders.find(objects, "Service", "qdrant");
        monitor.path("selector").path("matchLabels").fields().forEachRemaining(label ->
                assertThat(service.node().path("metadata").path("labels").path(label.getKey()).asText()).isEqualTo(label.getValue().asText()));
        JsonNode endpoint = monitor.path("endpoints").get(0);
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        assertThat(service.spec().path("ports").findValuesAsText("name")).contains(endpoint.path("port").asText());
        JsonNode credentials = endpoint.path("authorization").path("credentials");
        JsonNode qdrantKey = Renders.find(objects, "StatefulSet", "qdrant").spec().path("template").path("spec").path("containers").get(0)
                .path("env").findParents("name").stream().filter(e -> e.path("name").asText().equals("QDRANT__SERVICE__API_KEY"))
                .findFirst().orElseThrow().path("valueFrom").path("secretKeyRef");
        assertThat(credentials.path("name").asText()).isEqualTo(qdrantKey.path("name").asText());
        assertThat(credentials.path("key").asText()).isEqualTo(qdrantKey.path("key").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void qdrantHasProbesOnItsUnauthenticatedHealthEndpoints(String render) {
        JsonNode qdrant = Renders.find(Renders.of(render), "StatefulSet", "qdrant").spec().path("template").path("spec")
                .path("containers").get(0);
        assertThat(qdrant.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
        assertThat(qdrant.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/livez");
        assertThat(qdrant.path("image").asText()).contains("-unprivileged");
    }
}
