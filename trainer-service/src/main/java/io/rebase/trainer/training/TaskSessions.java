package io.rebase.trainer.training;

import io.rebase.student.data.GoldExample;
import io.rebase.student.model.Devices;
import io.rebase.student.model.StudentModel;
import io.rebase.student.train.StudentTrainer;
import io.rebase.student.train.TrainerConfig;
import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.decoder.DecoderStudent;
import io.rebase.trainer.decoder.DecoderTasks;
import io.rebase.trainer.metrics.TrainerMetrics;
import io.rebase.trainer.plan.TaskPlan;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The open sessions: opens one from the task's last checkpoint (or from the pretrained encoder), parks one that is
 * waiting on upstream data in a checkpoint when a queued task needs its slot, and closes them.
 */
@ApplicationScoped
public class TaskSessions {

    private static final Logger LOG = Logger.getLogger(TaskSessions.class);

    private final TrainingRecords records;
    private final Encoders encoders;
    private final Milestones milestones;
    private final TrainerMetrics metrics;
    private final StepPlan steps;
    private final SessionSlots<TaskSession> slots;
    private final TrainerSettings.DecoderDefaults decoder;

    public TaskSessions(TrainerSettings settings, TrainingRecords records, Encoders encoders, Milestones milestones,
                        TrainerMetrics metrics) {
        this.records = records;
        this.encoders = encoders;
        this.milestones = milestones;
        this.metrics = metrics;
        this.steps = new StepPlan(settings.replayRatio(), settings.classBalance(), settings.seed(), settings.exampleShare());
        this.slots = new SessionSlots<>(settings.maxOpenSessions(), settings.parkIdleAfter().toNanos());
        this.decoder = settings.decoder();
    }

    /** Marks a task as inside a unit of work; false when it already is (a unit, or being parked). */
    public boolean enter(String taskId) {
        return slots.enter(taskId);
    }

    public void leave(String taskId) {
        slots.leave(taskId);
    }

    /** The open session of a task, or null. */
    public TaskSession get(String taskId) {
        return slots.get(taskId);
    }

    /**
     * The task's session, opened with the plan from {@code plan} when there is room (after parking an idle one if
     * needed); null when there is none.
     */
    public TaskSession openIfRoom(String taskId, Supplier<TaskPlan> plan, Long retrieved) {
        TaskSession s = slots.get(taskId);
        if (s != null) {
            return s;
        }
        if (!makeRoom(taskId)) {
            return null;
        }
        s = open(taskId, plan.get(), retrieved);
        slots.put(taskId, s);
        metrics.openSessions(slots.size());
        return s;
    }

    /** Whether a session may open for {@code taskId}, after parking an idle one where all slots are taken. */
    private boolean makeRoom(String taskId) {
        SessionSlots.Room room = slots.room(taskId, System.nanoTime());
        if (!room.free()) {
            return false;
        }
        if (room.victim() == null) {
            return true;
        }
        try {
            if (receivedMore(room.victim())) {
                // examples arrived since its last unit: it has work, and its next unit will train them
                return false;
            }
            park(room.victim());
            return true;
        } catch (RuntimeException e) {
            // the idle session stays open; the waiting task tries again on a later tick
            LOG.warnf(e, "task %s: cannot park idle task %s", taskId, room.victim());
            return false;
        } finally {
            slots.leave(room.victim());
        }
    }

    /** Whether examples arrived for an idle session since its last unit; if so it is no longer idle. */
    private boolean receivedMore(String taskId) {
        TaskSession s = slots.get(taskId);
        if (s == null || records.after(taskId, s.position().lastExampleId(), 1).isEmpty()) {
            return false;
        }
        s.hasWork();
        return true;
    }

    /** Saves an idle session where its position is (a checkpoint) and frees its memory; it resumes from there. */
    private void park(String taskId) {
        TaskSession s = slots.get(taskId);
        if (s == null) {
            return;
        }
        if (s.movedSinceCheckpoint()) {
            milestones.checkpoint(s);
        }
        close(taskId);
        metrics.sessionParked();
        LOG.infof("task %s: parked at step %d to free a training slot", taskId, s.position().steps());
    }

    /**
     * Opens a session from the last checkpoint, or from the pretrained encoder when there is none: the position
     * recorded after the checkpoint is not trusted, and what came after it is trained again.
     */
    private TaskSession open(String taskId, TaskPlan plan, Long retrieved) {
        List<GoldExample> evalFile = EvalSet.read(plan);
        TrainingRecord record = records.training(taskId);
        TrainingRecord.Checkpoint checkpoint = record.checkpoint();
        SessionStudent trainer;
        Position at;
        Integer resumedFrom = null;
        if (checkpoint != null && Files.isDirectory(Path.of(checkpoint.path()))) {
            trainer = resume(plan, retrieved, Path.of(checkpoint.path()));
            at = checkpoint.position();
            resumedFrom = at.steps();
            LOG.infof("task %s: resumed from checkpoint at step %d", taskId, at.steps());
        } else {
            trainer = create(plan, retrieved);
            at = Position.START;
            if (record.position().started()) {
                resumedFrom = 0;
                LOG.infof("task %s: no checkpoint, restarting training from step 0", taskId);
            }
        }
        records.resumeAt(taskId, at, resumedFrom);
        metrics.examplesPerSecond(taskId, 0);
        return new TaskSession(taskId, plan, steps, trainer, at, record.lastEvalStep(),
                records.trainIds(taskId, at.lastExampleId(), plan.streamHoldOut()), evalFile, retrieved != null);
    }

    /** A new student: the pretrained encoder with a fresh head, or the decoder folder with a fresh adapter. */
    private SessionStudent create(TaskPlan plan, Long retrieved) {
        if (plan.decoder()) {
            return new DecoderSessionStudent(DecoderStudent.create(DecoderTasks.of(plan, decoder, steps.seed())));
        }
        StudentModel model = StudentModel.create(encoders.get(plan.studentModel()), plan.spec(),
                encoders.get(plan.studentModel()).pooling(), Devices.preferred(), steps.seed());
        return new EncoderStudent(new StudentTrainer(model, optimiser(plan, retrieved)));
    }

    /** The student of a checkpoint (weights or adapter, optimiser state, step). */
    private SessionStudent resume(TaskPlan plan, Long retrieved, Path checkpoint) {
        if (plan.decoder()) {
            return new DecoderSessionStudent(DecoderStudent.resume(DecoderTasks.of(plan, decoder, steps.seed()), checkpoint));
        }
        return new EncoderStudent(StudentTrainer.resume(checkpoint, optimiser(plan, retrieved), Devices.preferred()));
    }

    private TrainerConfig optimiser(TaskPlan plan, Long retrieved) {
        return steps.optimiser(plan, steps.plannedSteps(plan, retrieved, plan.requestExamples().size()));
    }

    /** Closes a task's session, if open, without saving anything. */
    public void close(String taskId) {
        TaskSession s = slots.remove(taskId);
        if (s != null) {
            s.close();
            metrics.openSessions(slots.size());
        }
    }

    /** Drops every session without saving anything: what a crash leaves behind. */
    public void closeAll() {
        slots.taskIds().forEach(this::close);
    }
}
