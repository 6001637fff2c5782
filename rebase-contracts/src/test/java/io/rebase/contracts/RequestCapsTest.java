package io.rebase.contracts;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's caps on a request's work: clear violations naming the field, the cap and its setting. */
class RequestCapsTest {

    static String task(String retrieval, String training) {
        return """
                {"taskId":"t-caps","instruction":"Classify sentiment","taskType":"classification",
                 "labels":["positive","negative"],
                 "examples":[{"input":{"text":"great film"},"output":"positive"}],
                 "retrieval":%s, "training":%s}
                """.formatted(retrieval, training);
    }

    @Test
    void requestsAboveTheCapsAreRefusedNamingTheFieldAndTheSetting() {
        String greedy = task("{\"topRows\":100000}", "{\"epochs\":50,\"batchSize\":512,\"maxSeqLength\":512}");
        // valid by the hard limits alone (what the transformer and trainer re-check)
        assertThat(TaskRequestParser.parse(greedy).retrieval().topRows()).isEqualTo(100_000);
        assertThatThrownBy(() -> TaskRequestParser.parse(greedy, RequestCaps.DEFAULTS))
                .isInstanceOfSatisfying(InvalidTaskRequestException.class, e -> {
                    assertThat(e.violations()).extracting(Violation::field)
                            .containsExactly("retrieval.topRows", "training.epochs", "training.batchSize");
                    assertThat(e.violations().get(0).message()).contains("100000").contains("20000")
                            .contains("rebase.limits.max-top-rows");
                    assertThat(e.violations().get(1).message()).contains("rebase.limits.max-epochs");
                    assertThat(e.violations().get(2).message()).contains("512 x 512 = 262144").contains("16384")
                            .contains("rebase.limits.max-batch-tokens");
                });
    }

    @Test
    void requestsWithinTheCapsPassAndAnOperatorCanRaiseThem() throws Exception {
        String modest = task("{\"topRows\":3000}", "{\"epochs\":3,\"batchSize\":32,\"maxSeqLength\":512}");
        assertThat(TaskRequestParser.parse(modest, RequestCaps.DEFAULTS).training().epochs()).isEqualTo(3);
        String big = task("{\"topRows\":50000}", "{\"epochs\":30,\"batchSize\":64,\"maxSeqLength\":512}");
        assertThat(TaskRequestParser.parse(big, new RequestCaps(50_000, 30, 32_768)).retrieval().topRows()).isEqualTo(50_000);
        try (Stream<Path> files = Files.list(Path.of("../samples/tasks"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                assertThat(TaskRequestParser.parse(Files.readString(p), RequestCaps.DEFAULTS)).as(p.toString()).isNotNull();
            }
        }
    }

    @Test
    void theDefaultsAreWithinTheHardLimits() {
        assertThat(RequestCaps.DEFAULTS.maxTopRows()).isLessThanOrEqualTo(RequestCaps.NONE.maxTopRows());
        assertThat(RequestCaps.DEFAULTS.maxEpochs()).isLessThanOrEqualTo(RequestCaps.NONE.maxEpochs());
        assertThat(RequestCaps.DEFAULTS.maxBatchTokens()).isLessThanOrEqualTo(RequestCaps.NONE.maxBatchTokens());
    }
}
