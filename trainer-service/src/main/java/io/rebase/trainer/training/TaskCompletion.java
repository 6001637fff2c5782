package io.rebase.trainer.training;

import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.eval.EvalReport;
import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.decoder.DecoderBaselines;
import io.rebase.trainer.decoder.DecoderTasks;
import io.rebase.trainer.files.TaskFolders;
import io.rebase.trainer.metrics.TrainerMetrics;
import io.rebase.trainer.plan.TaskPlan;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end of a task. Completion: the final passes over every training example, the final evaluation and checkpoint,
 * the few-shot baseline, the reports and COMPLETED. Failure: the task stops, announced with the field at fault when
 * the trainer decided it.
 */
@ApplicationScoped
public class TaskCompletion {

    private static final Logger LOG = Logger.getLogger(TaskCompletion.class);

    private final TrainingRecords records;
    private final TaskSessions sessions;
    private final Milestones milestones;
    private final TaskFolders folders;
    private final TaskReports reports;
    private final TrainerEvents events;
    private final TrainerMetrics metrics;
    private final FewShotBaseline baseline;
    private final DecoderBaselines decoderBaselines;
    private final TrainerSettings.DecoderDefaults decoder;
    private final long seed;
    private final int updateSize;

    public TaskCompletion(TrainerSettings settings, TrainingRecords records, TaskSessions sessions, Milestones milestones,
                          TaskFolders folders, TaskReports reports, TrainerEvents events, TrainerMetrics metrics,
                          Encoders encoders) {
        this.records = records;
        this.sessions = sessions;
        this.milestones = milestones;
        this.folders = folders;
        this.reports = reports;
        this.events = events;
        this.metrics = metrics;
        this.baseline = new FewShotBaseline(encoders,
                new StepPlan(settings.replayRatio(), settings.classBalance(), settings.seed()), settings.evalBatchSize());
        this.updateSize = settings.updateSize();
        this.decoder = settings.decoder();
        this.seed = settings.seed();
        this.decoderBaselines = new DecoderBaselines(settings.evalBatchSize(), seed);
    }

    /** Finishes a task whose stream is complete for {@code reason}. */
    public void finish(TaskSession s, StreamState stream, RowCounts counts, String reason) {
        TaskPlan plan = s.plan();
        String taskId = s.taskId();
        LOG.infof("task %s: stream complete (%s), finalising", taskId, reason);
        records.finalising(taskId, reason);
        if (s.finalPassesDue()) {
            List<Example> all = new ArrayList<>(records.examples(s.trainIds()));
            all.addAll(plan.requestExamples());
            s.finalPasses(all, updateSize, steps -> recordFinalSteps(s, steps));
        }
        EvalReport last = milestones.evaluate(s);
        milestones.checkpoint(s);
        TrainingRecord record = records.training(taskId);
        TrainingRecord.Best best = record.best();
        String modelPath = best != null ? best.path() : record.checkpoint().path();

        Map<String, Double> baselineMetrics = null;
        List<GoldExample> gold = milestones.evalData(s);
        if (plan.fewShotBaseline() && !gold.isEmpty()) {
            baselineMetrics = plan.decoder()
                    ? decoderBaselines.run(DecoderTasks.of(plan, decoder, seed), plan.requestExamples(),
                            Math.max(1, s.position().steps()), plan.batchSize(), gold)
                    : baseline.run(plan, Math.max(1, s.position().steps()), gold);
        }
        String reportPath = folders.reportJson(taskId).toString();
        records.complete(taskId, modelPath, reportPath, baselineMetrics);
        TaskFolders.dropOptimizerState(taskId, record.checkpoint().path());
        reports.write(taskId);

        events.completed(taskId, new TrainerEvents.Completion(modelPath, reportPath,
                best == null ? Map.of() : best.metrics(), last == null ? Map.of() : last.metrics(),
                baselineMetrics == null ? Map.of() : baselineMetrics, best == null ? null : best.step(),
                s.position(), reason, stream.retrieved(), counts));
        sessions.close(taskId);
        LOG.infof("task %s: completed, model at %s", taskId, modelPath);
    }

    /** Stores and announces the steps of a final pass over all examples (the stream is complete by then). */
    private void recordFinalSteps(TaskSession s, TaskSession.FinalSteps steps) {
        records.recordFinalSteps(s.taskId(), s.position(), steps.stats());
        metrics.steps(s.taskId(), steps.stats().size());
        metrics.loss(s.taskId(), steps.loss());
        events.finalPassProgress(s.taskId(), s.position(), steps);
    }

    /**
     * Fails a task (nothing when it already completed or failed).
     *
     * @param field    the request field at fault, or null
     * @param announce whether to publish FAILED (not when another service failed the task: it did)
     */
    public void fail(String taskId, String message, String field, boolean announce) {
        sessions.close(taskId);
        if (!records.fail(taskId, message)) {
            return;
        }
        LOG.warnf("task %s failed: %s", taskId, message);
        if (announce) {
            events.failed(taskId, field, message);
        }
    }
}
