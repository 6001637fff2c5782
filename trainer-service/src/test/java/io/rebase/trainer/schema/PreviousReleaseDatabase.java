package io.rebase.trainer.schema;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A trainer database as the release before Flyway left it, made before Quarkus starts: the tables that Hibernate
 * created for that release's entities ({@code db/previous-release/<kind>.sql}, captured from it, never regenerated),
 * rows written by it ({@code db/previous-release/rows.sql}) and no Flyway history table. The service then starts on
 * it as an upgraded deployment would: Flyway migrates, Hibernate validates.
 *
 * <p>Arguments: {@code kind} (h2 or postgresql), {@code url}, {@code user}, {@code password}, and {@code schema} to
 * start from an empty schema of that name (PostgreSQL, where the test database outlives the run).
 */
public class PreviousReleaseDatabase implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> args;

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        try (Connection c = DriverManager.getConnection(args.get("url"), args.getOrDefault("user", ""),
                args.getOrDefault("password", ""));
             Statement s = c.createStatement()) {
            String schema = args.get("schema");
            if (schema != null) {
                s.execute("drop schema if exists " + schema + " cascade");
                s.execute("create schema " + schema);
            }
            execute(s, "db/previous-release/" + args.get("kind") + ".sql");
            execute(s, "db/previous-release/rows.sql");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the previous release's database at " + args.get("url"), e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // the database is left for inspection; the next run starts it afresh
    }

    /** Runs a script of ';'-terminated statements (comment lines start with "--"). */
    private static void execute(Statement s, String resource) throws SQLException {
        String script = read(resource).lines().filter(l -> !l.startsWith("--"))
                .reduce("", (a, b) -> a + b + "\n");
        for (String statement : script.split(";\\s*\n")) {
            if (!statement.isBlank()) {
                s.execute(statement);
            }
        }
    }

    private static String read(String resource) {
        try (InputStream in = PreviousReleaseDatabase.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
