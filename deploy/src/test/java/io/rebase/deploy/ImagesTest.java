package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dockerfiles (no Docker here: their text is checked against what the manifests rely on) and the image references. */
class ImagesTest {

    @Test
    void entrypointReadsJavaOptsRunsNonRootAndTheCudaImageIsOffline() throws Exception {
        for (Path dockerfile : List.of(RepoPaths.deploy().resolve("docker/Dockerfile.jvm"), RepoPaths.deploy().resolve("docker/Dockerfile.trainer-cuda"))) {
            String text = Files.readString(dockerfile);
            assertThat(text).as(dockerfile.toString()).contains("$JAVA_OPTS").contains("quarkus-app").contains("USER 185")
                    .contains("DJL_CACHE_DIR=/deployments/.djl");
        }
        assertThat(Files.readString(RepoPaths.deploy().resolve("docker/Dockerfile.trainer-cuda")))
                .contains("nvidia/cuda").contains("ai.djl.offline=true");
    }

    /** The build context is the repository root: each Dockerfile's own ignore file keeps it to what it copies. */
    @Test
    void eachDockerfileHasAnIgnoreFileThatSendsOnlyWhatItCopies() throws Exception {
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.trainer-cuda")) {
            Path ignore = RepoPaths.deploy().resolve("docker/" + name + ".dockerignore");
            assertThat(ignore).as("BuildKit's per-Dockerfile ignore file").isRegularFile();
            List<String> lines = Files.readAllLines(ignore).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertThat(lines.get(0)).isEqualTo("*");
            assertThat(lines).contains("!*/target/quarkus-app", "!samples");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "prod"})
    void everyImageIsPinned(String render) {
        for (Manifest w : PodSecurityTest.workloads(render)) {
            for (JsonNode c : w.spec().path("template").path("spec").path("containers")) {
                String image = c.path("image").asText();
                String tag = image.substring(image.lastIndexOf('/') + 1);
                assertThat(tag).as("%s image %s", w, image).matches(".+[:@].+").doesNotEndWith(":latest");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServicesImagesNameARegistry(String render) {
        for (String service : RepoPaths.SERVICES) {
            String image = DeploymentsTest.container(Renders.of(render), service).path("image").asText();
            assertThat(image).as("%s in %s", service, render).startsWith("registry.example.com/rebase/" + service + ":");
        }
    }
}
