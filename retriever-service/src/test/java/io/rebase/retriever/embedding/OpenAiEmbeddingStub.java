package io.rebase.retriever.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server answering {@code POST /v1/embeddings} in the OpenAI format with deterministic vectors
 * ({@link #vectorOf}); it records every request, and answers 500 to any batch holding the text {@code FAIL}.
 */
public final class OpenAiEmbeddingStub implements AutoCloseable {

    public static final int DIMENSION = 16;
    public static final String FAIL = "FAIL";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the stub received. */
    public record Request(String model, String authorization, List<String> inputs) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public OpenAiEmbeddingStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", this::handle);
        server.start();
    }

    /** The base URL to configure ({@code http://127.0.0.1:port/v1}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public List<Request> requests() {
        return requests;
    }

    /** Every text the stub embedded, in order. */
    public List<String> embeddedTexts() {
        return requests.stream().flatMap(r -> r.inputs().stream()).toList();
    }

    /** The stub's (unnormalised) vector of a text: SHA-256 bytes centred. */
    public static float[] vectorOf(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            float[] v = new float[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                v[i] = ((d[i] & 0xff) - 127.5f) / 128f;
            }
            return v;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "{\"error\":{\"message\":\"POST only\"}}");
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            JsonNode input = body.get("input");
            List<String> inputs = input.isArray()
                    ? java.util.stream.StreamSupport.stream(input.spliterator(), false).map(JsonNode::asText).toList()
                    : List.of(input.asText());
            requests.add(new Request(body.path("model").asText(), exchange.getRequestHeaders().getFirst("Authorization"), inputs));
            if (inputs.contains(FAIL)) {
                reply(exchange, 500, "{\"error\":{\"message\":\"stub failure on purpose\",\"type\":\"server_error\"}}");
                return;
            }
            ObjectNode out = JSON.createObjectNode().put("object", "list").put("model", body.path("model").asText());
            ArrayNode data = out.putArray("data");
            for (int i = 0; i < inputs.size(); i++) {
                ObjectNode e = data.addObject().put("object", "embedding").put("index", i);
                ArrayNode vector = e.putArray("embedding");
                for (float f : vectorOf(inputs.get(i))) {
                    vector.add(f);
                }
            }
            out.putObject("usage").put("prompt_tokens", inputs.size()).put("total_tokens", inputs.size());
            reply(exchange, 200, JSON.writeValueAsString(out));
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
