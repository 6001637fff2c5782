package io.rebase.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The PromQL of every panel of the Grafana dashboards under deploy/grafana/dashboards, with the dashboard variables
 * substituted as Grafana does when it runs a query.
 *
 * <p>The substitution is deploy's {@code DashboardQueriesTest.VARIABLES}, copied: deploy is a test-only module, and
 * depending on its test classes would tie this module to a test-jar for a map of four entries.
 */
final class DashboardPanels {

    /** Grafana's built-in and dashboard variables, with the values deploy's DashboardQueriesTest uses. */
    static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "1m", "$__interval", "15s",
            "$__range", "1h", "$namespace", PrometheusServer.NAMESPACE);

    /** One query of one panel: {@code rebase-llm.json › Calls / s by outcome [A]}. */
    record Query(String dashboard, String panel, String refId, String expr) {

        /** The panel as the allowlist names it: dashboard file and panel title. */
        String panelKey() {
            return dashboard + " › " + panel;
        }

        @Override
        public String toString() {
            return panelKey() + " [" + refId + "]";
        }
    }

    private DashboardPanels() {
    }

    /** Every panel query of every dashboard, variables substituted. */
    static List<Query> all(Path repo) throws IOException {
        List<Query> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(repo.resolve("deploy/grafana/dashboards"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode panel : Json.mapper().readTree(file.toFile()).path("panels")) {
                    addPanel(file.getFileName().toString(), panel, out);
                }
            }
        }
        return out;
    }

    /** The query of Grafana's {@code label_values(selector, label)} variable definitions, e.g. {@code $namespace}. */
    static String namespaceVariableDefinition(Path repo, String dashboard) throws IOException {
        JsonNode d = Json.mapper().readTree(repo.resolve("deploy/grafana/dashboards").resolve(dashboard).toFile());
        for (JsonNode variable : d.path("templating").path("list")) {
            if (variable.path("name").asText().equals("namespace")) {
                return variable.path("definition").asText();
            }
        }
        throw new IllegalStateException("no namespace variable in " + dashboard);
    }

    static String substitute(String expr) {
        String out = expr;
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            out = out.replace(v.getKey(), v.getValue());
        }
        if (out.contains("$")) {
            throw new IllegalStateException("a dashboard variable without a value in " + expr);
        }
        return out;
    }

    private static void addPanel(String dashboard, JsonNode panel, List<Query> out) {
        for (JsonNode target : panel.path("targets")) {
            if (target.hasNonNull("expr")) {
                out.add(new Query(dashboard, panel.path("title").asText(), target.path("refId").asText("?"),
                        substitute(target.path("expr").asText())));
            }
        }
        // panels inside a collapsed row
        for (JsonNode nested : panel.path("panels")) {
            addPanel(dashboard, nested, out);
        }
    }
}
