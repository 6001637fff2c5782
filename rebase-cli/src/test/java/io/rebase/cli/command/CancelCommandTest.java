package io.rebase.cli.command;

import com.sun.net.httpserver.HttpServer;
import io.rebase.cli.RebaseCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rebase cancel} against a local stand-in for the retriever: it sends {@code DELETE /tasks/{id}} with the admin
 * token, prints the answer's message, and fails (exit 2) naming the end of a task that already ended.
 */
class CancelCommandTest {

    private HttpServer server;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tasks/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/tasks/".length());
            seen.add(exchange.getRequestMethod() + " " + id + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            int status = id.startsWith("done") ? 409 : 202;
            String body = status == 409
                    ? "{\"taskId\":\"" + id + "\",\"status\":\"COMPLETED\",\"error\":\"task '" + id + "' already COMPLETED: nothing to cancel\"}"
                    : "{\"taskId\":\"" + id + "\",\"status\":\"CANCELLED\",\"message\":\"task '" + id + "' cancelled\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void cancelSendsDeleteWithTheAdminTokenAndPrintsTheAnswer() {
        Run run = run("cancel", "task-1");
        assertThat(run.code).isZero();
        assertThat(run.out).contains("task 'task-1' cancelled");
        assertThat(seen).containsExactly("DELETE task-1 Bearer admin-t");
    }

    @Test
    void aTaskThatAlreadyEndedIsAnErrorNamingItsEnd() {
        Run run = run("cancel", "done-1");
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).contains("HTTP 409").contains("already COMPLETED");
    }

    @Test
    void anInvalidTaskIdIsRefusedWithoutACall() {
        Run run = run("cancel", "../x");
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).contains("task id '../x'");
        assertThat(seen).isEmpty();
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of("--retriever-url", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "--token", "admin-t", "--read-token", "read-t"));
            all.addAll(List.of(args));
            int code = new CommandLine(new RebaseCli()).execute(all.toArray(String[]::new));
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
