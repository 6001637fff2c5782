package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every YAML file under deploy/ parses, every object is addressable, every kustomization's references exist. */
class ManifestsParseTest {

    @Test
    void everyDocumentParsesAndIsAnAddressableObject() {
        List<Path> files = Renders.yamlFiles(RepoPaths.deploy().resolve("k8s"));
        assertThat(files).hasSizeGreaterThan(10);
        for (Path file : files) {
            List<Manifest> docs = Manifest.parse(file);
            assertThat(docs).as(file.toString()).isNotEmpty();
            for (Manifest m : docs) {
                assertThat(m.node().isObject()).as(m.toString()).isTrue();
                assertThat(m.kind()).as("kind in %s", file).isNotBlank();
                if (m.kind().equals("Kustomization") || m.kind().equals("Component")) {
                    continue;
                }
                assertThat(m.apiVersion()).as(m.toString()).isNotBlank();
                assertThat(m.name()).as("metadata.name in %s", file).isNotBlank();
            }
        }
    }

    @Test
    void everyKustomizationReferenceExists() {
        List<Path> kustomizations = Renders.yamlFiles(RepoPaths.deploy()).stream()
                .filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList();
        assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(5);
        for (Path k : kustomizations) {
            JsonNode node = Manifest.parse(k).get(0).node();
            Path dir = k.getParent();
            for (String field : List.of("resources", "components")) {
                node.path(field).forEach(r -> assertThat(dir.resolve(r.asText()).normalize()).as("%s of %s", r, k).exists());
            }
            node.path("patches").forEach(p -> {
                if (p.has("path")) {
                    assertThat(dir.resolve(p.path("path").asText())).as("patch of %s", k).isRegularFile();
                }
            });
            node.path("configMapGenerator").forEach(g -> g.path("files").forEach(f ->
                    assertThat(dir.resolve(f.asText().substring(f.asText().indexOf('=') + 1))).as("file of %s", k).isRegularFile()));
        }
    }
}
