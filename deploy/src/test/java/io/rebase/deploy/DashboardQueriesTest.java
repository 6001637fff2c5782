package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every panel's PromQL, with the dashboard variables substituted as Grafana does, parses in Prometheus' own parser:
 * each becomes a recording rule that {@code promtool check rules} checks (skipped without promtool outside CI).
 */
class DashboardQueriesTest {

    /** Grafana's built-in and dashboard variables, as a query would run them. */
    static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "1m", "$__interval", "15s", "$__range", "1h",
            "$namespace", "rebase");

    static String substitute(String expr) {
        String out = expr;
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            out = out.replace(v.getKey(), v.getValue());
        }
        return out;
    }

    @Test
    void substitutionLeavesNoVariable() {
        for (String expr : Dashboards.allExpressions()) {
            assertThat(substitute(expr)).as(expr).doesNotContain("$");
        }
    }

    @Test
    void everyPanelQueryParsesInPrometheus() throws Exception {
        Optional<Path> promtool = AlertRulesTest.onPath("promtool");
        if (promtool.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("promtool is not on the PATH in CI: .ci/run installs the Debian package prometheus");
            }
            assumeTrue(false, "promtool is not on the PATH (Debian package prometheus)");
        }
        ObjectNode file = Manifest.YAML.createObjectNode();
        ArrayNode groups = file.putArray("groups");
        int n = 0;
        for (Path dashboard : Dashboards.files()) {
            ObjectNode group = groups.addObject();
            group.put("name", dashboard.getFileName().toString());
            ArrayNode rules = group.putArray("rules");
            for (JsonNode panel : Dashboards.read(dashboard).path("panels")) {
                for (String expr : Dashboards.expressions(panel)) {
                    rules.addObject().put("record", "panel:query_" + (n++)).put("expr", substitute(expr));
                }
            }
        }
        assertThat(n).isEqualTo(Dashboards.allExpressions().size());
        Path rulesFile = Files.createTempFile("panels", ".rules.yaml");
        Files.writeString(rulesFile, Manifest.YAML.writeValueAsString(file));
        Path log = Files.createTempFile("promtool", ".log");
        Process p = new ProcessBuilder(promtool.get().toString(), "check", "rules", rulesFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("promtool check rules on the panels' queries:%n%s", out).isZero();
        assertThat(out).contains("SUCCESS: " + n + " rules found");
        Files.deleteIfExists(rulesFile);
        Files.deleteIfExists(log);
    }

}
