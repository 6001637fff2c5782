package io.rebase.trainer.report;

import io.rebase.contracts.Json;
import io.rebase.student.data.GoldExample;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.eval.Prediction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's JSON and HTML from hand-built task views, without booting the service. */
class ReportWriterTest {

    @Test
    void aOnePointEvaluationCurveHasDistinctTickLabelsAndTheBaselineAsALine() {
        String html = ReportWriter.html(SampleTasks.shortClassification(), SampleTasks.classificationItems());
        String evaluation = section(html, "evaluation");
        List<String> ticks = tickLabels(evaluation);
        assertThat(ticks).doesNotHaveDuplicates().contains("82", "83", "84");
        assertThat(ticks).noneMatch(t -> t.equals("0.863"));
        assertThat(evaluation).contains("class=\"reference\"").contains("accuracy (few-shot baseline)")
                .contains("<circle");
    }

    @Test
    void integersAreShownAsIntegers() {
        String html = ReportWriter.html(SampleTasks.shortClassification(), null);
        String metrics = section(html, "metrics");
        assertThat(metrics).contains("<td>steps</td><td class=\"n\">&ndash;</td><td class=\"n\">83</td>")
                .contains("0.8630").doesNotContain("83.0");
        assertThat(tickLabels(section(html, "loss"))).allMatch(t -> !t.contains(".") || t.matches("\\d+\\.\\d+"))
                .contains("0", "20", "40", "60", "80");
    }

    @Test
    void theConfusionMatrixAndPerLabelScoresOfAClassificationTask() {
        String html = ReportWriter.html(SampleTasks.shortClassification(), SampleTasks.classificationItems());
        String confusion = section(html, "confusion");
        assertThat(confusion).contains("<th>gold \\ predicted</th><th>positive</th><th>negative</th><th>neutral</th>");
        assertThat(confusion).contains("<td>positive</td><td class=\"n\">3</td><td class=\"n\">3</td>"
                + "<td class=\"n\">0.667</td><td class=\"n\">0.667</td>");
        assertThat(confusion).contains("8 items evaluated");
    }

    @Test
    void aTaskWithoutLabelsHasNoConfusionMatrixAndUnfinishedOnesSayWhy() {
        TaskView mc = SampleTasks.longMultipleChoice();
        assertThat(ReportWriter.html(mc, null)).contains("<section id=\"confusion\">").contains("No final evaluation yet");
        TaskView qa = withType(mc, "extractive-qa");
        assertThat(ReportWriter.html(qa, null)).doesNotContain("<section id=\"confusion\">");
    }

    @Test
    void theExampleSampleIsEscaped() {
        String examples = section(ReportWriter.html(SampleTasks.shortClassification(), null), "examples");
        assertThat(examples).contains("text: A film that soars &amp; &lt;sings&gt; for two hours.")
                .contains("glue/sst2 row 1000 (llm)").contains("so the answer is positive.")
                .contains("<th>retrieval scores</th>").contains("combined 0.712\ninput 0.801 (sentence)\noutput 0.655 (label)\n"
                        + "description 0.410").contains("combined 0.612").contains("<td>-</td>");
        assertThat(Pattern.compile("<tr>").matcher(examples).results().count()).isEqualTo(4);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonKeepsTheFinalEvaluationItemByItemAndReadsItBack() {
        TaskView v = SampleTasks.shortClassification();
        List<GoldExample> gold = List.of(new GoldExample(Map.of("text", "good"), List.of(" positive")),
                new GoldExample(Map.of("text", "bad"), List.of("negative")));
        EvalReport report = new EvalReport(Map.of("accuracy", 0.5), 2, 10.0, List.of(
                new Prediction("positive", 0.9, Map.of(), -1, -1), new Prediction("positive", 0.6, Map.of(), -1, -1)));
        String json = ReportWriter.json(v, FinalEvaluation.of(v.taskType(), gold, report));
        Map<String, Object> read = Json.read(json, Map.class);
        Map<String, Object> fe = (Map<String, Object>) read.get("finalEvaluation");
        assertThat(fe.get("items")).isEqualTo(List.of(Map.of("gold", "positive", "predicted", "positive"),
                Map.of("gold", "negative", "predicted", "positive")));
        assertThat(((Map<String, Object>) fe.get("confusion")).get("matrix"))
                .isEqualTo(List.of(List.of(1, 0, 0), List.of(1, 0, 0), List.of(0, 0, 0)));
        assertThat(((Map<String, Object>) read.get("timings")).get("stageSeconds")).isEqualTo(Map.of(
                "retrieve", 1.84, "transform", 412.5, "train", 380.2, "evaluate", 21.7, "finalise", 9.3));
        assertThat((List<?>) read.get("exampleSample")).hasSize(3);
        FinalEvaluation back = FinalEvaluation.fromReport(read);
        assertThat(back).isEqualTo(new FinalEvaluation(List.of("positive", "negative"), List.of("positive", "positive")));
    }

    @Test
    void multipleChoiceGoldAnswersBecomeOptionLetters() {
        List<GoldExample> gold = List.of(new GoldExample(Map.of("question", "q"), List.of("(D)")),
                new GoldExample(Map.of("question", "q"), List.of("b")));
        EvalReport report = new EvalReport(Map.of(), 2, 1.0, List.of(
                new Prediction("D", 0.9, Map.of(), -1, -1), new Prediction("A", 0.5, Map.of(), -1, -1)));
        assertThat(FinalEvaluation.of("multiple-choice", gold, report).gold()).containsExactly("D", "B");
        assertThat(FinalEvaluation.of("multiple-choice", gold, null)).isNull();
    }

    /** The body of {@code <section id="id">}. */
    static String section(String html, String id) {
        Matcher m = Pattern.compile("<section id=\"" + id + "\">(.*?)</section>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("section %s", id).isTrue();
        return m.group(1);
    }

    private static List<String> tickLabels(String svgSection) {
        return Pattern.compile("<text x=\"[\\d.]+\" y=\"[\\d.]+\" font-size=\"11\" text-anchor=\"(?:end|middle)\">([^<]*)</text>")
                .matcher(svgSection).results().map(r -> r.group(1)).toList();
    }

    private static TaskView withType(TaskView v, String type) {
        return new TaskView(v.taskId(), v.status(), v.instruction(), type, v.labels(), v.counts(), v.steps(), v.lastLoss(),
                v.examplesPerSecond(), "f1", v.bestScore(), v.bestStep(), v.metrics(), v.baseline(), v.completionReason(),
                v.failureReason(), v.modelPath(), v.reportPath(), v.resumedFromStep(), v.createdAt(), v.startedAt(),
                v.completedAt(), v.lossCurve(), v.evalCurve(), v.retrieval(), v.datasetMix(), v.served(), v.exampleSample(), v.stageSeconds());
    }
}
