package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The Grafana dashboards under deploy/grafana/dashboards and the PromQL they run. */
final class Dashboards {

    /** Metrics of Strimzi's Kafka Exporter, not of the services. */
    static final List<String> EXPORTER_PREFIXES = List.of("kafka_consumergroup_", "kafka_topic_");

    private Dashboards() {
    }

    static List<Path> files() {
        try (Stream<Path> files = Files.list(RepoPaths.grafana().resolve("dashboards"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("invalid JSON in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every PromQL expression of a dashboard (panel targets, also in rows). */
    static List<String> expressions(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        for (JsonNode target : dashboard.findValues("targets")) {
            for (JsonNode t : target) {
                if (t.hasNonNull("expr")) {
                    out.add(t.path("expr").asText());
                }
            }
        }
        return out;
    }

    static List<String> allExpressions() {
        return files().stream().flatMap(f -> expressions(read(f)).stream()).toList();
    }

    static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        allExpressions().forEach(e -> names.addAll(PromQlMetricNames.of(e)));
        return names;
    }

    static boolean fromExporter(String metric) {
        return EXPORTER_PREFIXES.stream().anyMatch(metric::startsWith);
    }

    /** Names the services themselves must expose on /q/metrics. */
    static Set<String> serviceMetricNames() {
        Set<String> out = new TreeSet<>(metricNames());
        out.removeIf(Dashboards::fromExporter);
        return out;
    }

    static Set<String> exporterMetricNames() {
        Set<String> out = new TreeSet<>(metricNames());
        out.removeIf(m -> !fromExporter(m));
        return out;
    }
}
