package io.rebase.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The object sets the consistency tests check: the base as written (always), and the dev and prod overlays as
 * kustomize renders them (when {@code kubectl} is on the PATH; skipped otherwise). Each set includes its state layer
 * (Namespace and volumes, applied once before the application): deploy/k8s/state for the base,
 * overlays/&lt;name&gt;/state for an overlay.
 */
final class Renders {

    static final List<String> ALL = List.of("base", "dev", "prod");
    private static final Map<String, List<Manifest>> CACHE = new ConcurrentHashMap<>();

    private Renders() {
    }

    /** The objects of {@code name}: "base" or an overlay under deploy/k8s/overlays. */
    static List<Manifest> of(String name) {
        if (!name.equals("base")) {
            assumeTrue(Kubectl.available(), "kubectl is not on the PATH: overlay " + name + " not rendered");
        }
        return CACHE.computeIfAbsent(name, n -> n.equals("base") ? base() : overlay(n));
    }

    /** The application layer of an overlay and its state layer, as kustomize renders them. */
    static List<Manifest> overlay(String name) {
        Path dir = RepoPaths.k8s().resolve("overlays").resolve(name);
        return Stream.concat(Kubectl.kustomize(dir).stream(), Kubectl.kustomize(dir.resolve("state")).stream()).toList();
    }

    /** Every YAML document of the base's and the state layer's files, kustomizations excluded. */
    static List<Manifest> base() {
        return Stream.concat(yamlFiles(RepoPaths.k8s().resolve("base")).stream(), yamlFiles(RepoPaths.k8s().resolve("state")).stream())
                .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                .flatMap(p -> Manifest.parse(p).stream())
                .toList();
    }

    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Manifest> ofKind(List<Manifest> objects, String kind) {
        return objects.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    static Manifest find(List<Manifest> objects, String kind, String name) {
        return objects.stream().filter(m -> m.is(kind, name)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + "/" + name + " is missing"));
    }
}
