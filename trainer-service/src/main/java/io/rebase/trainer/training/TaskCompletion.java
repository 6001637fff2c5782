package io.rebase.trainer.training;

import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskRequest;
import io.rebase.student.data.GoldExample;
import io.rebase.student.eval.EvalReport;
import io.rebase.trainer.choice.CollapseCheck;
import io.rebase.trainer.choice.ServedModelChoice;
import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.decoder.DecoderBaselines;
import io.rebase.trainer.decoder.DecoderTasks;
import io.rebase.trainer.expiry.TaskStateExpiry;
import io.rebase.trainer.files.TaskFolders;
import io.rebase.trainer.fit.DatastoreFit;
import io.rebase.trainer.fit.FitWarning;
import io.rebase.trainer.fit.RetrievalFigures;
import io.rebase.trainer.fit.StreamOutcome;
import io.rebase.trainer.metrics.TrainerMetrics;
import io.rebase.trainer.plan.TaskPlan;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a task. Completion: the datastore-fit judgement (warnings; too few usable rows and the stream is not
 * used), the final passes over every training example, the final evaluation and checkpoint, the choice of the served
 * model between the ReBase and few-shot students, the reports and COMPLETED. Failure: the task stops, announced with the field at fault when
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
    private final StepPlan steps;
    private final ServedModels servedModels;
    private final DatastoreFit fit;
    private final TaskStateExpiry expiry;
    private final DecoderBaselines decoderBaselines;
    private final TrainerSettings.DecoderDefaults decoder;
    private final long seed;
    private final int updateSize;

    public TaskCompletion(TrainerSettings settings, TrainingRecords records, TaskSessions sessions, Milestones milestones,
                          TaskFolders folders, TaskReports reports, TrainerEvents events, TrainerMetrics metrics,
                          Encoders encoders, TaskStateExpiry expiry) {
        this.records = records;
        this.expiry = expiry;
        this.sessions = sessions;
        this.milestones = milestones;
        this.folders = folders;
        this.reports = reports;
        this.events = events;
        this.metrics = metrics;
        this.steps = new StepPlan(settings.replayRatio(), settings.classBalance(), settings.seed(), settings.exampleShare());
        this.servedModels = new ServedModels(new FewShotBaseline(encoders, steps, settings.evalBatchSize()),
                new ServedModelChoice(settings.choice().minGain()), new CollapseCheck(settings.choice().collapseShare()),
                folders, settings.evalBatchSize());
        this.fit = new DatastoreFit(settings.fit().minUsableRows(), settings.fit().minRelevance());
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
        DatastoreFit.Verdict verdict = fit.judge(outcome(s, stream, counts));
        List<TaskEvent> announce = new ArrayList<>();
        for (FitWarning w : verdict.warnings()) {
            LOG.warnf("task %s: %s", taskId, w.text());
            announce.add(events.warning(taskId, w));
        }
        if (verdict.useStream() && s.finalPassesDue()) {
            s.finalPasses(records.examples(s.trainIds()), updateSize, steps -> recordFinalSteps(s, steps));
        }
        stopIfCancelled(taskId);
        EvalReport last = milestones.evaluate(s);
        milestones.checkpoint(s);
        TrainingRecord record = records.training(taskId);
        TrainingRecord.Best best = record.best();
        String rebasePath = best != null ? best.path() : record.checkpoint().path();
        // without usable rows the few-shot student gets the budget the stream would have had, not the few steps taken
        int fewShotSteps = verdict.useStream() ? Math.max(1, s.position().steps())
                : steps.plannedSteps(plan, stream.retrieved(), plan.requestExamples().size());
        List<GoldExample> gold = milestones.evalData(s);
        ServedModels.Outcome served = plan.decoder()
                ? servedModels.decoder(rebasePath, decoderBaselines(s, plan, gold), last)
                : servedModels.choose(s, best, rebasePath, last, gold, verdict.useStream(), fewShotSteps);
        LOG.infof("task %s: %s", taskId, served.choice().line());
        if (served.collapse() != null) {
            LOG.warnf("task %s: %s", taskId, served.collapse().message());
        }
        String reportPath = folders.reportJson(taskId).toString();
        announce.add(events.completed(taskId, new TrainerEvents.Completion(served.modelPath(), reportPath,
                best == null ? Map.of() : best.metrics(), last == null ? Map.of() : last.metrics(),
                served.baseline() == null ? Map.of() : served.baseline(), best == null ? null : best.step(),
                s.position(), reason, stream.retrieved(), counts, served.choice().toDetails(),
                served.collapse() == null ? null : served.collapse().toDetails(),
                verdict.warnings().stream().map(FitWarning::code).toList())));
        // the state change and its announcement in one transaction (the outbox); the relay publishes them once this
        // unit has left the task, so COMPLETED never overtakes the report written below
        if (!records.complete(taskId, served.modelPath(), reportPath, served.baseline(), servedDetails(served, verdict), announce)) {
            // a CANCELLED read while the final evaluation and the served-model choice ran: the cancel wins
            throw new TaskCancelledException(taskId);
        }
        TaskFolders.dropOptimizerState(taskId, record.checkpoint().path());
        // the report shows the served model's final evaluation item by item
        reports.write(taskId, gold, served.evaluation());
        sessions.close(taskId);
        expiry.ended(taskId);
        LOG.infof("task %s: completed, model at %s", taskId, served.modelPath());
    }

    /** The decoder's few-shot and in-context baselines on {@code gold}, or null when none is asked for or possible. */
    private Map<String, Double> decoderBaselines(TaskSession s, TaskPlan plan, List<GoldExample> gold) {
        if (!plan.fewShotBaseline() || gold.isEmpty()) {
            return null;
        }
        return decoderBaselines.run(DecoderTasks.of(plan, decoder, seed), plan.requestExamples(),
                Math.max(1, s.position().steps()), plan.batchSize(), gold);
    }

    /** What became of the task's retrieved rows, for the datastore-fit judgement. */
    private StreamOutcome outcome(TaskSession s, StreamState stream, RowCounts counts) {
        TaskRequest request = s.plan().request();
        Map<String, Object> retrieval = records.retrievalDetails(s.taskId());
        long retrieved = stream.retrieved() != null ? stream.retrieved() : counts.accountedRows();
        return new StreamOutcome(retrieved, counts.examples(), records.rejectionReasons(s.taskId()), counts.deadLettered(),
                RetrievalFigures.datasetMix(retrieval), request.transform() == null ? null : request.transform().mode(),
                request.labels(), s.plan().requestExamples().size(), RetrievalFigures.relevance(retrieval));
    }

    /** The served choice with its checks, as stored for the report. */
    private static Map<String, Object> servedDetails(ServedModels.Outcome served, DatastoreFit.Verdict verdict) {
        Map<String, Object> out = new LinkedHashMap<>(served.choice().toDetails());
        if (served.collapse() != null) {
            out.put("collapse", served.collapse().toDetails());
        }
        if (!verdict.warnings().isEmpty()) {
            out.put("warnings", verdict.warnings().stream().map(w -> {
                Map<String, Object> m = new LinkedHashMap<>(w.toDetails());
                m.put("message", w.message());
                return m;
            }).toList());
        }
        return out;
    }

    /** Stores and announces the steps of a final pass over all examples (the stream is complete by then). */
    private void recordFinalSteps(TaskSession s, TaskSession.FinalSteps steps) {
        stopIfCancelled(s.taskId());
        records.recordFinalSteps(s.taskId(), s.position(), steps.stats());
        metrics.steps(s.taskId(), steps.stats().size());
        metrics.loss(s.taskId(), steps.loss());
        events.finalPassProgress(s.taskId(), s.position(), steps);
    }

    /**
     * Ends a task a user cancelled: its session closes (the slot and the model's memory are free for the next task)
     * and it is marked CANCELLED; its stored examples and last checkpoint stay. Nothing when it already ended. The
     * retriever published CANCELLED: nothing is published here.
     */
    public void cancel(String taskId) {
        sessions.close(taskId);
        if (records.cancel(taskId)) {
            metrics.cancelled();
            LOG.infof("task %s: cancelled, session closed", taskId);
        }
        expiry.ended(taskId);
    }

    /** Stops a finishing task whose CANCELLED event arrived meanwhile (the scheduler then cancels it). */
    private void stopIfCancelled(String taskId) {
        StreamState stream = records.streamState(taskId);
        if (stream != null && stream.cancelled()) {
            throw new TaskCancelledException(taskId);
        }
    }

    /**
     * Fails a task (nothing when it already completed or failed).
     *
     * @param field    the request field at fault, or null
     * @param announce whether to publish FAILED (not when another service failed the task: it did)
     */
    public void fail(String taskId, String message, String field, boolean announce) {
        sessions.close(taskId);
        if (!records.fail(taskId, message, announce ? events.failed(taskId, field, message) : null)) {
            return;
        }
        expiry.ended(taskId);
        LOG.warnf("task %s failed: %s", taskId, message);
    }
}
