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

/** {@link ServiceClient#download} against a local HTTP server: the target is replaced whole, or left as it was. */
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

    private void respond(String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }
}
