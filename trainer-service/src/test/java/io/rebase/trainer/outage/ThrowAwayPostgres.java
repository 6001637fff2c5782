package io.rebase.trainer.outage;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own for a test that stops the database: initialised in a temporary folder from the
 * Debian binaries ({@code /usr/lib/postgresql/<version>/bin}), on a free port, run as the {@code postgres} user when
 * the tests run as root (the server refuses root). The shared server of CI ({@code REBASE_TEST_POSTGRES_URL}) is
 * never touched: other builds use it.
 */
public class ThrowAwayPostgres implements QuarkusTestResourceLifecycleManager {

    private static ThrowAwayPostgres running;

    private final Path bin;
    private Path dir;
    private int port;

    public ThrowAwayPostgres() {
        this.bin = binaries().orElse(null);
    }

    /** The folder of {@code initdb} and {@code pg_ctl} of the newest installed version, if any. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** For {@code @EnabledIf}: whether the server binaries are installed. */
    public static boolean available() {
        return binaries().isPresent();
    }

    /** The server the current test class started. */
    public static ThrowAwayPostgres running() {
        return running;
    }

    @Override
    public Map<String, String> start() {
        if (bin == null) {
            throw new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin");
        }
        try {
            dir = Files.createTempDirectory("rebase-outage-pg-");
            port = freePort();
            if (asRoot()) {
                run(List.of("chown", "-R", "postgres", dir.toString()), false);
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--no-sync"), true);
            startServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        running = this;
        // the database kind is fixed at build time: ThrowAwayPostgresProfile sets it
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "",
                // a probe of an unreachable database answers within seconds
                "quarkus.datasource.jdbc.acquisition-timeout", "3s",
                "quarkus.datasource.jdbc.login-timeout", "3s");
    }

    /** Starts the server (again) on its port with its data. */
    public void startServer() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), true);
    }

    /** Stops the server at once (open connections are cut, as in a crash of the database host or a failover). */
    public void stopServer() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), true);
    }

    @Override
    public void stop() {
        if (dir == null) {
            return;
        }
        try {
            stopServer();
        } catch (RuntimeException alreadyStopped) {
            // nothing to stop
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
        running = null;
    }

    private void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres && asRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int versionOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
