package io.rebase.cli.follow;

import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The summary's trust lines: the served model with every candidate's score, the collapse note, the warnings. */
class ServedTextTest {

    private static TaskEvent warning(String task, String code, String message, List<String> advice) {
        return new TaskEvent(task, TaskEventType.WARNING, Instant.now(), "trainer-service", null, null, code, null,
                message, Map.of("advice", advice));
    }

    private static String summary(TaskProgress p) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new SummaryPrinter(new PrintStream(printed, true, StandardCharsets.UTF_8)).print(p, Duration.ofSeconds(3), Map.of());
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSummarySaysWhichModelIsServedWhyAndEachCandidatesScore() {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("few-shot", 0.948);
        scores.put("rebase", 0.54);
        Map<String, Object> served = new LinkedHashMap<>();
        served.put("served", "few-shot");
        served.put("rebase", false);
        served.put("reason", "scored 0.408 above the best ReBase student");
        served.put("metric", "accuracy");
        served.put("basisText", "evaluation file");
        served.put("items", 250);
        served.put("scores", scores);
        TaskProgress p = new TaskProgress("t");
        p.onEvent(TaskEvent.of("t", TaskEventType.COMPLETED, "trainer-service", 10L, "done",
                Map.of("served", served, "collapse", Map.of("message", "the served model predicts 'yes' for 95% of the 250 evaluation items"))));

        assertThat(summary(p))
                .contains("Served model: few-shot (accuracy: few-shot 0.948, rebase 0.540 on 250 items, evaluation file): "
                        + "scored 0.408 above the best ReBase student")
                .contains("COLLAPSE: the served model predicts 'yes' for 95% of the 250 evaluation items")
                .doesNotContain("caveat");
    }

    @Test
    void eachWarningIsPrintedOnceWithWhatWouldHelp() {
        TaskProgress p = new TaskProgress("t");
        TaskEvent w = warning("t", "no-usable-rows", "None of the 600 retrieved rows became a training example: 600 rejected "
                + "(label-not-mappable 600).", List.of("an LLM transform mode (transform.mode=llm)", "other datasets"));
        p.onEvent(w);
        p.onEvent(w); // redelivered
        p.onEvent(TaskEvent.of("t", TaskEventType.COMPLETED, "trainer-service", 2L, "done", Map.of(
                "metrics", Map.of("accuracy", 0.5), "baselineMetrics", Map.of("accuracy", 0.6),
                "served", Map.of("served", "few-shot", "rebase", false, "scores", Map.of("few-shot", 0.6)))));

        String text = summary(p);
        assertThat(text).contains("  stream student : ").contains("(too few usable rows: not a ReBase model)")
                .doesNotContain("ReBase student :");
        assertThat(p.warnings()).hasSize(1);
        assertThat(text).contains("WARNING (no-usable-rows): None of the 600 retrieved rows became a training example")
                .contains("  what would help: an LLM transform mode (transform.mode=llm)")
                .contains("  what would help: other datasets");
        assertThat(text.split("WARNING", -1)).hasSize(2);
    }
}
