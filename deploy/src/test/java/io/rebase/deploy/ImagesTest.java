package io.rebase.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dockerfiles (no Docker here: their text is checked against what the manifests rely on). */
class ImagesTest {

    @Test
    void entrypointReadsJavaOptsRunsNonRootAndTheCudaImageIsOffline() throws Exception {
        for (Path dockerfile : List.of(RepoPaths.deploy().resolve("docker/Dockerfile.jvm"), RepoPaths.deploy().resolve("docker/Dockerfile.trainer-cuda"))) {
            String text = Files.readString(dockerfile);
            assertThat(text).as(dockerfile.toString()).contains("$JAVA_OPTS").contains("quarkus-app").contains("USER 185");
        }
        assertThat(Files.readString(RepoPaths.deploy().resolve("docker/Dockerfile.trainer-cuda")))
                .contains("nvidia/cuda").contains("ai.djl.offline=true");
    }
}
