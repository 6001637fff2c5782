package io.rebase.trainer.training;

import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.domain.TaskStatus;
import io.rebase.trainer.metrics.TrainerMetrics;
import io.rebase.trainer.plan.TaskPlans;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One unit of work of a task: decides what the task needs next (its spec, a slot, training on new examples, or
 * finishing once the stream is complete) and does it. Never runs twice at once for one task.
 */
@ApplicationScoped
public class TaskUnits {

    private static final Logger LOG = Logger.getLogger(TaskUnits.class);

    private final TrainingRecords records;
    private final TaskPlans plans;
    private final TaskSessions sessions;
    private final Milestones milestones;
    private final TaskCompletion completion;
    private final TrainerEvents events;
    private final TrainerMetrics metrics;
    private final CompletionRule completionRule;
    private final int updateSize;
    private final Duration specTimeout;

    public TaskUnits(TrainerSettings settings, TrainingRecords records, TaskPlans plans, TaskSessions sessions,
                     Milestones milestones, TaskCompletion completion, TrainerEvents events, TrainerMetrics metrics) {
        this.records = records;
        this.plans = plans;
        this.sessions = sessions;
        this.milestones = milestones;
        this.completion = completion;
        this.events = events;
        this.metrics = metrics;
        this.completionRule = new CompletionRule(settings.idleTimeout());
        this.updateSize = settings.updateSize();
        this.specTimeout = settings.specTimeout();
    }

    /**
     * Does the task's next unit of work.
     *
     * @return true when it did work (trained, finished or failed the task); false when the task has nothing to do now:
     *         no spec, no free slot, or no new example while the stream is not complete (waiting on upstream data)
     */
    public boolean next(String taskId) {
        StreamState stream = records.streamState(taskId);
        if (stream == null) {
            return false;
        }
        TrainingRecord record = records.training(taskId);
        if (record.status().terminal()) {
            sessions.close(taskId);
            return false;
        }
        if (stream.cancelled()) {
            completion.cancel(taskId);
            return true;
        }
        if (stream.upstreamFailure() != null) {
            completion.fail(taskId, "failed upstream: " + stream.upstreamFailure(), null, false);
            return true;
        }
        if (stream.specOverdue(specTimeout, Instant.now())) {
            // examples or events for an id the retriever never accepted: stop looking at it (not announced: no one
            // asked for this task)
            completion.fail(taskId, "no task request arrived within " + specTimeout.toMinutes() + " min of the task's "
                    + "first record: no accepted task has this id", null, false);
            return true;
        }
        if (stream.requestJson() == null) {
            moveTo(taskId, record, TaskStatus.WAITING_FOR_SPEC);
            return false;
        }
        TaskSession s = sessions.openIfRoom(taskId, () -> plans.of(Json.read(stream.requestJson(), TaskRequest.class)),
                stream.retrieved());
        if (s == null) {
            moveTo(taskId, record, TaskStatus.QUEUED);
            return false;
        }
        s.planFromRetrieved(stream.retrieved());
        // counts before examples: if nothing new is found below, everything counted here has been trained
        RowCounts counts = records.counts(taskId);
        List<StreamExample> fresh = records.after(taskId, s.position().lastExampleId(), updateSize);
        if (!fresh.isEmpty() || s.requestExamplesPending()) {
            s.hasWork();
            train(s, fresh);
            return true;
        }
        Optional<String> reason = completionRule.reason(stream.retrieved(), counts, stream.lastActivityAt(), Instant.now());
        if (reason.isPresent()) {
            s.hasWork();
            completion.finish(s, stream, counts, reason.get());
            return true;
        }
        // only now is the session idle: everything it was sent is trained, and more is to come from upstream
        s.waitingOnUpstream(System.nanoTime());
        if (record.status() == TaskStatus.WAITING_FOR_SPEC) {
            records.moveTo(taskId, TaskStatus.WAITING_FOR_EXAMPLES);
        }
        return false;
    }

    /** Trains one incremental unit, records and announces it, then evaluates and checkpoints when due. */
    private void train(TaskSession s, List<StreamExample> fresh) {
        String taskId = s.taskId();
        TaskSession.Unit unit = s.trainIncrement(fresh, records::examples);
        Position at = s.position();
        records.recordUnit(taskId, at, unit.stats(), unit.examplesPerSecond());
        if (unit.stepped()) {
            metrics.steps(taskId, unit.stats().size());
            metrics.loss(taskId, unit.loss());
            metrics.examplesPerSecond(taskId, unit.examplesPerSecond());
        }
        LOG.infof("task %s: unit of %d new (+%d held out, %d replayed) -> step %d, loss %s, %.1f examples/s, %.2f s",
                taskId, unit.trained(), unit.heldOut(), unit.replayed(), at.steps(),
                unit.stepped() ? unit.loss() : null, unit.stepped() ? unit.examplesPerSecond() : null, unit.seconds());
        if (unit.stepped()) {
            events.progress(taskId, at, unit);
        }
        milestones.afterUnit(s);
    }

    private void moveTo(String taskId, TrainingRecord record, TaskStatus status) {
        if (record.status() != status) {
            records.moveTo(taskId, status);
        }
    }
}
