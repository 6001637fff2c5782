package io.rebase.cli.http;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ServiceClient} against a local HTTP server: downloads replace the target whole or leave it as it was, and
 * every request carries the right bearer token.
 */
class ServiceClientTest {

    private static final String LONG = "{\"line\": 1}\n".repeat(50);
    private static final String SHORT = "{\"line\": 2}\n";

    @TempDir
    Path dir;
    private HttpServer server;
    private ServiceClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        respond("/long", 200, LONG);
        respond("/short", 200, SHORT);
        respond("/missing", 404, "{\"error\": \"no such task\"}");
        server.createContext("/echo-auth", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] bytes = io.rebase.contracts.Json.write(java.util.Map.of("auth", auth == null ? "none" : auth))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(auth == null ? 401 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        client = new ServiceClient("http://127.0.0.1:" + server.getAddress().getPort(), null);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aShorterDownloadReplacesTheWholeFileAndAnErrorLeavesItAsItWas() throws Exception {
        Path target = dir.resolve("exports/examples.jsonl");
        client.download("/long", target);
        assertThat(Files.readString(target)).isEqualTo(LONG);

        client.download("/short", target);
        assertThat(Files.readString(target)).isEqualTo(SHORT);

        assertThatThrownBy(() -> client.download("/missing", target)).hasMessageContaining("HTTP 404");
        assertThat(Files.readString(target)).isEqualTo(SHORT);
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("examples.jsonl");
        }
    }

    @Test
    void everyRequestCarriesTheAdminTokenAndReadsFallBackToTheReadToken() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        ServiceClient admin = new ServiceClient(url, "admin-t", "read-t");
        assertThat(admin.get("/echo-auth").get("auth").asText()).isEqualTo("Bearer admin-t");
        assertThat(admin.post("/echo-auth", java.util.Map.of()).get("auth").asText()).isEqualTo("Bearer admin-t");

        ServiceClient reader = new ServiceClient(url, " ", "read-t");
        assertThat(reader.get("/echo-auth").get("auth").asText()).isEqualTo("Bearer read-t");
        Path target = dir.resolve("auth.json");
        reader.download("/echo-auth", target);
        assertThat(Files.readString(target)).contains("Bearer read-t");
        // a mutation never goes out with the read-only token
        assertThatThrownBy(() -> reader.post("/echo-auth", java.util.Map.of()))
                .hasMessageContaining("HTTP 401").hasMessageContaining("REBASE_AUTH_TOKEN");
    }

    private void respond(String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }
}
