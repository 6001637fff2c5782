package io.rebase.trainer.report;

import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskType;
import io.rebase.trainer.domain.CurvePoint;
import io.rebase.trainer.domain.StoredExample;
import io.rebase.trainer.domain.TaskStatus;
import io.rebase.trainer.domain.TaskStream;
import io.rebase.trainer.domain.TaskTraining;
import io.rebase.trainer.state.TaskQueries;
import io.rebase.trainer.state.TrainingRepository;
import io.rebase.trainer.training.RowCounts;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Assembles {@link TaskView}s from the consumer and training records. */
@ApplicationScoped
public class TaskViews {

    /** Training examples shown in a report. */
    static final int SAMPLE_SIZE = 6;

    private final TrainingRepository store;
    private final TaskQueries queries;

    public TaskViews(TrainingRepository store, TaskQueries queries) {
        this.store = store;
        this.queries = queries;
    }

    /** The full view with curves, or empty for an unknown task. */
    public Optional<TaskView> find(String taskId) {
        TaskStream s = store.stream(taskId);
        return s == null ? Optional.empty() : Optional.of(view(s, true));
    }

    /** Summaries (no curves) of every task, newest first. */
    public List<TaskView> list() {
        return queries.streams().stream().map(s -> view(s, false)).toList();
    }

    @SuppressWarnings("unchecked")
    private TaskView view(TaskStream s, boolean full) {
        TaskTraining t = store.findTraining(s.taskId);
        TaskRequest request = s.requestJson == null ? null : Json.read(s.requestJson, TaskRequest.class);
        Map<String, Long> counts = counts(s, t);
        String status = t != null ? t.status.name()
                : s.upstreamFailure != null ? TaskStatus.FAILED.name()
                : request == null ? TaskStatus.WAITING_FOR_SPEC.name() : TaskStatus.WAITING_FOR_EXAMPLES.name();
        List<CurvePoint> lossPoints = full ? queries.curve(s.taskId, CurvePoint.Kind.LOSS) : List.of();
        List<CurvePoint> evalPoints = full ? queries.curve(s.taskId, CurvePoint.Kind.EVAL) : List.of();
        List<Map<String, Object>> loss = full ? lossCurve(lossPoints) : null;
        List<Map<String, Object>> eval = full ? evalCurve(evalPoints) : null;
        Map<String, Long> mix = full ? queries.datasetMix(s.taskId) : null;
        Map<String, Object> retrieval = s.retrievalDetailsJson == null ? Map.of() : Json.read(s.retrievalDetailsJson, Map.class);
        String primary = request == null ? null
                : request.taskType() == TaskType.EXTRACTIVE_QA ? "f1" : "accuracy";
        return new TaskView(s.taskId, status,
                request == null ? null : request.instruction(),
                request == null ? null : request.taskType().wireName(),
                request == null || request.labels() == null ? List.of() : request.labels(),
                counts,
                t == null ? 0 : t.steps,
                t == null ? null : t.lastLoss,
                t == null ? null : t.examplesPerSecond,
                primary,
                t == null ? null : t.bestScore,
                t == null ? null : t.bestStep,
                t == null || t.metricsJson == null ? Map.of() : Json.read(t.metricsJson, Map.class),
                t == null || t.baselineJson == null ? Map.of() : Json.read(t.baselineJson, Map.class),
                t == null ? null : t.completionReason,
                t != null && t.failureReason != null ? t.failureReason : s.upstreamFailure,
                t == null ? null : t.modelPath,
                t == null ? null : t.reportPath,
                t == null ? null : t.resumedFromStep,
                s.createdAt,
                t == null ? null : t.startedAt,
                t == null ? null : t.completedAt,
                loss, eval, retrieval, mix,
                t == null || t.servedJson == null ? Map.of() : Json.read(t.servedJson, Map.class),
                full ? exampleSample(s.taskId, counts.get("examples")) : null,
                full ? stageSeconds(s.taskId, t, retrieval, lossPoints, evalPoints) : null);
    }

    private Map<String, Long> counts(TaskStream s, TaskTraining t) {
        RowCounts c = store.counts(s.taskId);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("retrieved", s.retrieved);
        counts.put("examples", c.examples());
        counts.put("examplesTrained", t == null ? 0 : t.examplesTrained);
        counts.put("rejected", c.rejected());
        counts.put("deadLettered", c.deadLettered());
        counts.put("duplicates", c.duplicates());
        counts.put("accountedRows", c.accountedRows());
        return counts;
    }

    private List<Map<String, Object>> lossCurve(List<CurvePoint> points) {
        List<Map<String, Object>> loss = new ArrayList<>();
        for (CurvePoint p : points) {
            loss.add(Map.of("step", p.step, "loss", p.value));
        }
        return loss;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> evalCurve(List<CurvePoint> points) {
        List<Map<String, Object>> eval = new ArrayList<>();
        for (CurvePoint p : points) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("step", p.step);
            point.put("score", p.value);
            point.put("examplesSeen", p.examplesSeen);
            point.put("metrics", p.metricsJson == null ? Map.of() : Json.read(p.metricsJson, Map.class));
            eval.add(point);
        }
        return eval;
    }

    /** Up to {@value #SAMPLE_SIZE} stored examples spread evenly over the stream, in arrival order. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> exampleSample(String taskId, Long stored) {
        List<Map<String, Object>> sample = new ArrayList<>();
        long n = stored == null ? 0 : stored;
        int size = (int) Math.min(SAMPLE_SIZE, n);
        for (int i = 0; i < size; i++) {
            for (StoredExample e : queries.all(taskId, (int) (i * n / size), 1)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("input", Json.read(e.inputJson, Map.class));
                m.put("output", e.output);
                m.put("rationale", e.rationale);
                m.put("dataset", e.dataset);
                m.put("config", e.datasetConfig);
                m.put("rowIndex", e.rowIndex);
                m.put("rowId", e.rowId);
                m.put("mode", e.mode);
                m.put("scores", e.scoresJson == null ? null : Json.read(e.scoresJson, Map.class));
                sample.add(m);
            }
        }
        return sample;
    }

    private Map<String, Double> stageSeconds(String taskId, TaskTraining t, Map<String, Object> retrieval,
                                             List<CurvePoint> loss, List<CurvePoint> eval) {
        Instant[] received = queries.receivedSpan(taskId);
        List<StageTimes.Mark> marks = new ArrayList<>();
        loss.forEach(p -> marks.add(new StageTimes.Mark(p.recordedAt, false)));
        eval.forEach(p -> marks.add(new StageTimes.Mark(p.recordedAt, true)));
        return StageTimes.of(retrieval.get("latencyMs") instanceof Number ms ? ms : null,
                received == null ? null : received[0], received == null ? null : received[1],
                t == null ? null : t.startedAt, t == null ? null : t.completedAt, marks);
    }
}
