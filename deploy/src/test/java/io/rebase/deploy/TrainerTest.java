package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The trainer's memory against its open sessions, and the eval sets the sample tasks name. */
class TrainerTest {

    /** Four open sessions peaked at 97 % of 4 GiB: at least 2 GiB of limit per open student. */
    static final long BYTES_PER_SESSION = 2L << 30;

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void theMemoryLimitHoldsTheOpenSessions(String render) {
        List<Manifest> objects = Renders.of(render);
        int sessions = Integer.parseInt(DeploymentsTest.environmentValues(objects, "trainer-service").get("REBASE_TRAINER_MAX_OPEN_SESSIONS"));
        String limit = DeploymentsTest.container(objects, "trainer-service").path("resources").path("limits").path("memory").asText();
        assertThat(bytes(limit)).as("%s: %s for %d sessions", render, limit, sessions).isGreaterThanOrEqualTo(sessions * BYTES_PER_SESSION);
    }

    /** The image ships samples/ at /deployments/samples: every sample task's eval set resolves under the eval root. */
    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void theSampleTasksEvalSetsAreInTheImage(String render) throws IOException {
        String evalRoot = DeploymentsTest.environmentValues(Renders.of(render), "trainer-service").get("REBASE_TRAINER_EVAL_ROOT");
        try (Stream<Path> tasks = Files.list(RepoPaths.root().resolve("samples/tasks"))) {
            for (Path task : tasks.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode evalSet = Manifest.YAML.readTree(task.toFile()).path("evaluation").path("evalSetPath");
                if (evalSet.isMissingNode()) {
                    continue;
                }
                String inContainer = Path.of(evalRoot).resolve(evalSet.asText()).normalize().toString();
                assertThat(inContainer).as("%s in the container", task.getFileName()).startsWith("/deployments/samples/");
                assertThat(RepoPaths.root().resolve(inContainer.substring("/deployments/".length())))
                        .as("%s's eval set, copied into the image from the repository", task.getFileName()).isRegularFile();
            }
        }
    }

    static long bytes(String quantity) {
        Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40);
        for (Map.Entry<String, Long> u : units.entrySet()) {
            if (quantity.endsWith(u.getKey())) {
                return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * u.getValue();
            }
        }
        return Long.parseLong(quantity);
    }
}
