package io.rebase.transformer.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rebase.contracts.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local OpenAI-compatible server for tests and benchmarks: {@code POST /v1/chat/completions} answered by a
 * scripted function of the request (so concurrent rows each get their own script, keyed by text in the prompt).
 * The real langchain4j client talks to it over HTTP.
 */
public final class OpenAiStub implements AutoCloseable {

    /** A scripted answer: an HTTP status, headers, a reply text (for 200) and a delay before answering. */
    public record Answer(int status, String content, Map<String, String> headers, long delayMillis) {
        public static Answer ok(String content) {
            return new Answer(200, content, Map.of(), 0);
        }

        public static Answer status(int status, Map<String, String> headers) {
            return new Answer(status, "{\"error\":{\"message\":\"scripted " + status + "\"}}", headers, 0);
        }

        public Answer after(long millis) {
            return new Answer(status, content, headers, millis);
        }
    }

    /** One received request: the model asked for and the concatenated message texts. */
    public record Seen(String model, String prompt, JsonNode body) {
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Function<Seen, Answer> script = s -> Answer.ok("{}");

    static {
        // without TCP_NODELAY the JDK server's separate header/body writes meet the client's delayed ACK:
        // a 40 ms stall per response that no real endpoint has
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public OpenAiStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "openai-stub");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The base URL to configure, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public OpenAiStub script(Function<Seen, Answer> script) {
        this.script = script;
        return this;
    }

    public List<Seen> seen() {
        return seen;
    }

    /** Requests whose prompt contains {@code marker}. */
    public long count(String marker) {
        return seen.stream().filter(s -> s.prompt().contains(marker)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            StringBuilder prompt = new StringBuilder();
            body.path("messages").forEach(m -> prompt.append(m.path("content").asText()).append("\n"));
            Seen s = new Seen(body.path("model").asText(), prompt.toString(), body);
            seen.add(s);
            Answer a = script.apply(s);
            if (a.delayMillis() > 0) {
                try {
                    Thread.sleep(a.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String response = a.status() == 200 ? completion(s.model(), a.content(), prompt.length()) : a.content();
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client gave up (timeout test): nothing to answer
        }
    }

    private static String completion(String model, String content, int promptChars) {
        int promptTokens = Math.max(1, promptChars / 4);
        int completionTokens = Math.max(1, content.length() / 4);
        return Json.write(Map.of(
                "id", "chatcmpl-stub", "object", "chat.completion", "created", 1_700_000_000L, "model", model,
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content))),
                "usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                        "total_tokens", promptTokens + completionTokens)));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
