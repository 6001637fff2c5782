package io.rebase.trainer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.rebase.contracts.Json;
import io.rebase.student.data.GoldExample;
import io.rebase.student.eval.EvalReport;
import io.rebase.trainer.files.TaskFolders;
import io.rebase.trainer.training.TaskReports;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's report: {@code report.json} (counts, timings, retrieval mix, curves, metrics against the baseline, the
 * final evaluation item by item) and {@code report.html} (see {@link HtmlReport}), written into the task's folder at
 * completion and rendered on demand while the task runs. A report rendered after completion takes the final
 * evaluation's items back from the {@code report.json} written then.
 */
@ApplicationScoped
public class ReportWriter implements TaskReports {

    private final TaskViews views;
    private final TaskFolders folders;

    public ReportWriter(TaskViews views, TaskFolders folders) {
        this.views = views;
        this.folders = folders;
    }

    /** Writes both files into the task's folder. */
    @Override
    public void write(String taskId, List<GoldExample> gold, EvalReport finalEvaluation) {
        TaskView v = views.find(taskId).orElseThrow();
        FinalEvaluation items = FinalEvaluation.of(v.taskType(), gold, finalEvaluation);
        try {
            Files.createDirectories(folders.task(taskId));
            Files.writeString(folders.reportJson(taskId), json(v, items));
            Files.writeString(folders.reportHtml(taskId), html(v, items));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON report of a task, or empty when unknown. */
    public Optional<String> json(String taskId) {
        return views.find(taskId).map(v -> json(v, stored(taskId)));
    }

    /** The HTML report of a task, or empty when unknown. */
    public Optional<String> html(String taskId) {
        return views.find(taskId).map(v -> html(v, stored(taskId)));
    }

    /** The final evaluation kept in the task's report.json, or null before completion. */
    @SuppressWarnings("unchecked")
    private FinalEvaluation stored(String taskId) {
        Path report = folders.reportJson(taskId);
        if (!Files.isRegularFile(report)) {
            return null;
        }
        try {
            return FinalEvaluation.fromReport(Json.read(Files.readString(report), Map.class));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the final evaluation of task " + taskId + " from " + report + ": "
                    + e.getMessage(), e);
        }
    }

    static String json(TaskView v, FinalEvaluation evaluation) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("taskId", v.taskId());
        r.put("status", v.status());
        r.put("instruction", v.instruction());
        r.put("taskType", v.taskType());
        r.put("labels", v.labels());
        r.put("counts", v.counts());
        r.put("timings", timings(v));
        r.put("steps", v.steps());
        r.put("examplesPerSecond", v.examplesPerSecond());
        r.put("completionReason", v.completionReason());
        r.put("failureReason", v.failureReason());
        r.put("resumedFromStep", v.resumedFromStep());
        r.put("retrieval", v.retrieval());
        r.put("datasetMix", v.datasetMix());
        r.put("metrics", metrics(v));
        r.put("served", v.served());
        r.put("generations", GenerationSamples.of(v.modelPath()));
        r.put("finalEvaluation", evaluation == null ? null : evaluation.toMap(v.taskType(), v.labels()));
        r.put("exampleSample", v.exampleSample());
        r.put("modelPath", v.modelPath());
        r.put("lossCurve", v.lossCurve());
        r.put("evalCurve", v.evalCurve());
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> timings(TaskView v) {
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("createdAt", v.createdAt());
        timings.put("trainingStartedAt", v.startedAt());
        timings.put("completedAt", v.completedAt());
        if (v.startedAt() != null && v.completedAt() != null) {
            timings.put("trainingSeconds", Duration.between(v.startedAt(), v.completedAt()).toMillis() / 1000.0);
        }
        timings.put("stageSeconds", v.stageSeconds());
        return timings;
    }

    private static Map<String, Object> metrics(TaskView v) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("primaryMetric", v.primaryMetric());
        result.put("bestStep", v.bestStep());
        result.put("student", v.metrics());
        result.put("fewShotBaseline", v.baseline());
        return result;
    }

    static String html(TaskView v, FinalEvaluation evaluation) {
        return new HtmlReport(v, evaluation).render();
    }
}
