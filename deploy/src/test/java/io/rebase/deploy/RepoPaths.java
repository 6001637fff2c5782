package io.rebase.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the tests find the repository: the services' sources and configuration, and deploy/. */
final class RepoPaths {

    /** The three services, in pipeline order. */
    static final List<String> SERVICES = List.of("retriever-service", "transformer-service", "trainer-service");

    private RepoPaths() {
    }

    /** The repository root (surefire passes it; otherwise found from the working directory). */
    static Path root() {
        String configured = System.getProperty("rebase.repo.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("rebase-contracts")) && Files.isDirectory(p.resolve("deploy"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found above " + start);
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    static Path k8s() {
        return deploy().resolve("k8s");
    }

    static Path grafana() {
        return deploy().resolve("grafana");
    }

    static Path service(String name) {
        return root().resolve(name);
    }

    static Path commons() {
        return root().resolve("rebase-service-commons");
    }
}
