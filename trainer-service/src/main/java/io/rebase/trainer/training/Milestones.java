package io.rebase.trainer.training;

import io.rebase.student.data.GoldExample;
import io.rebase.student.eval.EvalReport;
import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.files.TaskFolders;
import io.rebase.trainer.metrics.TrainerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;

/**
 * Evaluations and checkpoints of a session: every {@code eval-every} steps an evaluation on the request's file or the
 * held-out slice, keeping the best model (ties go to the later one, which has seen more data); every
 * {@code checkpoint-every} steps a resumable checkpoint, only the latest kept.
 */
@ApplicationScoped
public class Milestones {

    private static final Logger LOG = Logger.getLogger(Milestones.class);

    private final TrainingRecords records;
    private final TaskFolders folders;
    private final TrainerEvents events;
    private final TrainerMetrics metrics;
    private final int evalEvery;
    private final int checkpointEvery;
    private final int evalBatchSize;

    public Milestones(TrainerSettings settings, TrainingRecords records, TaskFolders folders, TrainerEvents events,
                      TrainerMetrics metrics) {
        this.records = records;
        this.folders = folders;
        this.events = events;
        this.metrics = metrics;
        this.evalEvery = settings.evalEvery();
        this.checkpointEvery = settings.checkpointEvery();
        this.evalBatchSize = settings.evalBatchSize();
    }

    /** Evaluates and checkpoints when enough steps passed since the last time. */
    public void afterUnit(TaskSession s) {
        if (s.stepsSinceEvaluation() >= evalEvery) {
            evaluate(s);
        }
        if (s.stepsSinceCheckpoint() >= checkpointEvery) {
            checkpoint(s);
        }
    }

    /** Evaluation data: the file, or the held-out slice of what was consumed so far. */
    public List<GoldExample> evalData(TaskSession s) {
        if (s.evalFile() != null) {
            return s.evalFile();
        }
        return records.heldOut(s.taskId(), s.position().lastExampleId(), s.plan().streamHoldOut(), s.plan().maxEvalExamples());
    }

    /** Evaluates the session, records the score, keeps the model if it is the best so far, announces EVALUATED. */
    public EvalReport evaluate(TaskSession s) {
        String taskId = s.taskId();
        Position at = s.position();
        List<GoldExample> gold = evalData(s);
        s.evaluated();
        if (gold.isEmpty()) {
            records.recordEvaluation(taskId, at.steps(), 0, null, at.examplesTrained());
            return null;
        }
        EvalReport report = s.evaluate(gold, evalBatchSize);
        String metric = s.plan().primaryMetric();
        double score = report.metrics().getOrDefault(metric, 0.0);
        records.recordEvaluation(taskId, at.steps(), score, report.metrics(), at.examplesTrained());
        metrics.evalScore(taskId, metric, score);
        TrainingRecord.Best best = records.training(taskId).best();
        Double bestScore = best == null ? null : best.score();
        if (best == null || score >= best.score()) {
            Path dir = folders.best(taskId, at.steps());
            s.saveModel(dir);
            records.recordBest(taskId, new TrainingRecord.Best(dir.toString(), metric, score, at.steps(), report.metrics()));
            if (best != null && !best.path().equals(dir.toString())) {
                TaskFolders.deleteTree(Path.of(best.path()));
            }
            bestScore = score;
        }
        events.evaluated(taskId, at.steps(), metric, score, report, s.evalFile() != null, bestScore);
        return report;
    }

    /** Saves a resumable checkpoint at the session's position and drops the older ones. */
    public void checkpoint(TaskSession s) {
        String taskId = s.taskId();
        Path dir = folders.checkpoint(taskId, s.position().steps());
        long t0 = System.nanoTime();
        s.checkpoint(dir);
        records.recordCheckpoint(taskId, new TrainingRecord.Checkpoint(dir.toString(), s.position()));
        // announced once recorded: only then can a restarted trainer resume from it
        LOG.infof("task %s: checkpoint at step %d (%.2f s)", taskId, s.position().steps(), (System.nanoTime() - t0) / 1e9);
        folders.keepOnlyCheckpoint(taskId, dir);
    }
}
