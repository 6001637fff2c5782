package io.rebase.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rebase.cli.RebaseCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code rebase student probe} reproduces the reference numbers of the shared decoder fixtures (computed by the
 * independent numpy implementation): every logit within 1e-3, the loss within 1e-4, the greedy tokens exactly,
 * with stdout holding nothing but the JSON object.
 */
class ProbeCommandTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2-bf16"})
    void probeReproducesTheFixture(String name) throws Exception {
        Path folder = fixture(name);
        for (JsonNode c : mapper.readTree(folder.resolve("expected.json").toFile()).get("cases")) {
            List<String> args = new ArrayList<>(List.of("student", "probe", "--model", folder.toString(),
                    "--ids", csv(c.get("input_ids")), "--labels", csv(c.get("labels")), "--greedy", "8"));
            if (c.get("model").asText().equals("lora")) {
                args.addAll(List.of("--adapter", folder.resolve("adapter").toString()));
            }
            JsonNode out = mapper.readTree(run(args.toArray(String[]::new)));
            double worst = 0;
            for (int t = 0; t < c.get("logits").size(); t++) {
                for (int v = 0; v < c.get("logits").get(t).size(); v++) {
                    worst = Math.max(worst, Math.abs(out.get("logits").get(t).get(v).asDouble()
                            - c.get("logits").get(t).get(v).asDouble()));
                }
            }
            String label = name + "/" + c.get("model").asText();
            assertThat(worst).as(label + " logits").isLessThanOrEqualTo(1e-3);
            assertThat(out.get("loss").asDouble()).as(label + " loss")
                    .isCloseTo(c.get("loss").asDouble(), org.assertj.core.data.Offset.offset(1e-4));
            assertThat(out.get("greedy")).as(label + " greedy").isEqualTo(c.get("greedy_new_tokens"));
        }
    }

    @Test
    void aFolderItCannotLoadIsAnErrorOnStderrWithNothingOnStdout(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            code = new CommandLine(new RebaseCli()).execute("student", "probe", "--model", dir.toString(), "--ids", "1,2");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(code).isEqualTo(2);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("model_type").contains("gpt2");
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new RebaseCli()).execute(args);
            assertThat(code).as("exit code").isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static String csv(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(","));
    }

    private static Path fixture(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/fixtures/decoder").resolve(name);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "shared/fixtures/decoder/" + name + " not found above " + Path.of("").toAbsolutePath());
        return null;
    }
}
