package io.rebase.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rebase.contracts.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An OpenAI-compatible endpoint for the end-to-end tests ({@code POST /v1/chat/completions}, with {@code usage}
 * token counts), spoken to by the transformer's real langchain4j client over HTTP from another process.
 *
 * <p>A healthy call answers a valid example for the task: the row's longest cell as the input field, the row's own
 * {@code label} cell when it is one of the task's labels (so the student learns the real signal), and a short
 * rationale. Faults, all scripted: a steady share of transient failures (500, 429 with {@code Retry-After},
 * replies slower than the client's timeout) so retries happen; rows that fail on every call while
 * {@link #brokenRows} matches them (a broken upstream, "fixed" by {@link #heal()}); and an {@link #outage} switch
 * under which every call fails with a 500 or a timeout.
 */
final class LlmStub implements AutoCloseable {

    private final HttpServer server;
    private final long timeoutMillis;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failedCalls = new AtomicLong();
    private final Set<String> answeredRows = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> failuresByRow = new ConcurrentHashMap<>();
    private final AtomicLong outageCalls = new AtomicLong();
    private volatile Predicate<String> brokenRows = row -> false;
    private volatile boolean outage;
    private volatile boolean transientFaults = true;
    private volatile long latencyMillis;

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** @param timeoutMillis how long a "timeout" reply stalls: more than the client's request timeout */
    LlmStub(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "llm-stub");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort() + "/v1";
    }

    /** Rows (their {@code <row>} text) for which every call fails with a 500 until {@link #heal()}. */
    LlmStub brokenRows(Predicate<String> rows) {
        this.brokenRows = rows;
        return this;
    }

    /** The broken rows are fixed: every call for them succeeds from now on. */
    void heal() {
        brokenRows = row -> false;
    }

    void outage(boolean on) {
        outage = on;
    }

    void transientFaults(boolean on) {
        transientFaults = on;
    }

    /** Extra delay of every successful answer, so that a task lasts long enough to be disturbed mid-way. */
    void latency(long millis) {
        latencyMillis = millis;
    }

    long calls() {
        return calls.get();
    }

    long failedCalls() {
        return failedCalls.get();
    }

    long outageCalls() {
        return outageCalls.get();
    }

    /** Distinct rows answered with an example so far. */
    int answeredRows() {
        return answeredRows.size();
    }

    /** Failed calls per row text. */
    Map<String, AtomicInteger> failuresByRow() {
        return failuresByRow;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            StringBuilder prompt = new StringBuilder();
            body.path("messages").forEach(m -> prompt.append(m.path("content").asText()).append("\n"));
            String text = prompt.toString();
            String row = between(text, "<row>\n", "</row>");
            long n = calls.incrementAndGet();
            if (outage) {
                outageCalls.incrementAndGet();
                fail(row);
                if (n % 2 == 0) {
                    sleep(timeoutMillis);
                }
                send(exchange, 500, "{\"error\":{\"message\":\"outage\"}}", Map.of());
                return;
            }
            if (row != null && brokenRows.test(row)) {
                fail(row);
                send(exchange, 500, "{\"error\":{\"message\":\"upstream broken for this row\"}}", Map.of());
                return;
            }
            if (transientFaults && n % 7 == 3) {
                fail(row);
                send(exchange, 500, "{\"error\":{\"message\":\"transient\"}}", Map.of());
                return;
            }
            if (transientFaults && n % 7 == 5) {
                fail(row);
                send(exchange, 429, "{\"error\":{\"message\":\"rate limited\"}}", Map.of("Retry-After", "1"));
                return;
            }
            if (transientFaults && n % 11 == 9) {
                fail(row);
                sleep(timeoutMillis);
                // the client gave up already; the answer goes nowhere
                send(exchange, 200, completion(body.path("model").asText(), "{}", text.length()), Map.of());
                return;
            }
            if (latencyMillis > 0) {
                sleep(latencyMillis);
            }
            String reply = row == null ? "{\"answer\":\"yes\"}" : example(text, row);
            if (row != null) {
                answeredRows.add(row);
            }
            send(exchange, 200, completion(body.path("model").asText(), reply, text.length()), Map.of());
        } catch (IOException e) {
            // the client gave up (timed out): nothing to answer
        }
    }

    private void fail(String row) {
        failedCalls.incrementAndGet();
        if (row != null) {
            failuresByRow.computeIfAbsent(row, r -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** A valid example: the longest cell as every input field, the row's own label when the task has it. */
    static String example(String prompt, String row) {
        List<String> labels = List.of();
        String labelsLine = line(prompt, "The output must be exactly one of these labels: ");
        if (labelsLine != null) {
            labels = List.of(labelsLine.split(",\\s*"));
        }
        List<String> fields = List.of(line(prompt, "Input fields: ").split(",\\s*"));
        String input = "";
        String rowLabel = null;
        for (String cell : row.split("\n")) {
            int colon = cell.indexOf(": ");
            if (colon < 0) {
                continue;
            }
            String column = cell.substring(0, colon).trim();
            String value = cell.substring(colon + 2).trim();
            if (column.equals("label")) {
                rowLabel = value;
            } else if (value.length() > input.length()) {
                input = value;
            }
        }
        String output;
        if (labels.isEmpty()) {
            output = input.split("\\s+")[0];
        } else if (rowLabel != null && labels.contains(rowLabel)) {
            output = rowLabel;
        } else {
            String lower = input.toLowerCase(Locale.ROOT);
            boolean negative = lower.matches(".*\\b(not|n't|no|bad|worse|worst|dull|boring|poor|never)\\b.*");
            output = labels.size() > 1 && negative ? labels.get(1) : labels.get(0);
        }
        Map<String, String> in = new LinkedHashMap<>();
        for (String f : fields) {
            in.put(f.trim(), input.isEmpty() ? "(empty)" : input);
        }
        return Json.write(Map.of("input", in,
                "rationale", "The text reads as " + output + " overall, so the answer is " + output + ".",
                "output", output));
    }

    private static String line(String text, String prefix) {
        int i = text.indexOf(prefix);
        if (i < 0) {
            return null;
        }
        int end = text.indexOf('\n', i);
        return text.substring(i + prefix.length(), end < 0 ? text.length() : end).trim();
    }

    private static String between(String text, String open, String close) {
        int i = text.indexOf(open);
        int j = i < 0 ? -1 : text.indexOf(close, i + open.length());
        return j < 0 ? null : text.substring(i + open.length(), j);
    }

    private static void send(HttpExchange exchange, int status, String response, Map<String, String> headers) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String completion(String model, String content, int promptChars) {
        int promptTokens = Math.max(1, promptChars / 4);
        int completionTokens = Math.max(1, content.length() / 4);
        return Json.write(Map.of(
                "id", "chatcmpl-e2e", "object", "chat.completion", "created", 1_700_000_000L, "model", model,
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content))),
                "usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                        "total_tokens", promptTokens + completionTokens)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
