package io.rebase.trainer.training;

import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.train.StepStats;
import io.rebase.trainer.mixing.ExampleOversampling;
import io.rebase.trainer.plan.HeldOut;
import io.rebase.trainer.plan.TaskPlan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A task being trained, in memory: the student (encoder or decoder, behind {@link SessionStudent}) and its optimiser, the replay pool, the evaluation file, and the
 * {@link Position} in the stream. It trains, evaluates and checkpoints; recording and announcing are its caller's.
 */
public final class TaskSession implements SessionSlots.Idle, AutoCloseable {

    /**
     * What an incremental unit did.
     *
     * @param stats     one entry per optimiser step (empty when the step bound was reached or nothing was usable)
     * @param instances training instances stepped over
     * @param seconds   time spent stepping
     * @param trained   new stream examples trained on
     * @param heldOut   new stream examples held out for evaluation
     * @param replayed  earlier examples replayed
     * @param unusable  examples the featurizer dropped (e.g. an answer not in its context)
     */
    public record Unit(List<StepStats> stats, int instances, double seconds, int trained, int heldOut, int replayed, int unusable) {

        public boolean stepped() {
            return !stats.isEmpty();
        }

        public double loss() {
            return stats.stream().mapToDouble(StepStats::loss).average().orElse(Double.NaN);
        }

        public double examplesPerSecond() {
            return instances / Math.max(seconds, 1e-9);
        }

        public float learningRate() {
            return stats.get(stats.size() - 1).learningRate();
        }
    }

    /**
     * Steps of a final pass, reported in slices as long as an incremental unit's.
     *
     * @param stats   the steps of the slice
     * @param epoch   the pass, 1-based after the incremental one (which is pass 0)
     * @param epochs  passes in all
     * @param seconds time spent on the slice
     */
    public record FinalSteps(List<StepStats> stats, int epoch, int epochs, double seconds) {

        public double loss() {
            return stats.stream().mapToDouble(StepStats::loss).average().orElse(Double.NaN);
        }

        public double examplesPerSecond() {
            return stats.stream().mapToInt(StepStats::examples).sum() / Math.max(seconds, 1e-9);
        }

        public float learningRate() {
            return stats.get(stats.size() - 1).learningRate();
        }
    }

    private final String taskId;
    private final TaskPlan plan;
    private final StepPlan steps;
    private final SessionStudent trainer;
    private final Random random;
    /** Ids of the stream examples trained so far (the replay pool, sampled from the database). */
    private final List<Long> trainIds;
    /** The evaluation file's examples, read once; null when evaluating on the held-out slice. */
    private final List<GoldExample> evalFile;
    /** How the request's examples are put into every batch. */
    private final ExampleOversampling oversampling;
    private Position position;
    private int checkpointStep;
    private int lastEvalStep;
    private boolean requestExamplesTrained;
    private boolean scheduleFromRetrieved;
    /**
     * Since when this session has had nothing to train, everything it was sent being trained and the stream not
     * complete ({@link System#nanoTime()}), or {@link SessionSlots.Idle#NOT_WAITING}. Only such a session may be parked:
     * one that has examples to train but waits for a training thread is not idle.
     */
    private volatile long waitingSinceNanos = NOT_WAITING;

    TaskSession(String taskId, TaskPlan plan, StepPlan steps, SessionStudent trainer, Position position,
                int lastEvalStep, List<Long> trainIds, List<GoldExample> evalFile, boolean scheduleFromRetrieved) {
        this.taskId = taskId;
        this.plan = plan;
        this.steps = steps;
        this.trainer = trainer;
        this.position = position;
        this.checkpointStep = position.steps();
        this.lastEvalStep = Math.min(lastEvalStep, position.steps());
        this.random = steps.random(position.steps());
        this.trainIds = new ArrayList<>(trainIds);
        this.evalFile = evalFile;
        this.oversampling = steps.oversampling();
        this.requestExamplesTrained = position.steps() > 0;
        this.scheduleFromRetrieved = scheduleFromRetrieved;
    }

    public String taskId() {
        return taskId;
    }

    public TaskPlan plan() {
        return plan;
    }

    public Position position() {
        return position;
    }

    /** Whether steps were taken since the last checkpoint. */
    public boolean movedSinceCheckpoint() {
        return position.steps() > checkpointStep;
    }

    /** Steps taken since the last checkpoint. */
    public int stepsSinceCheckpoint() {
        return position.steps() - checkpointStep;
    }

    /** Steps taken since the last evaluation. */
    public int stepsSinceEvaluation() {
        return position.steps() - lastEvalStep;
    }

    /** Notes an evaluation at the current position. */
    public void evaluated() {
        lastEvalStep = position.steps();
    }

    /** The evaluation file's examples, or null when the held-out slice is evaluated on. */
    public List<GoldExample> evalFile() {
        return evalFile;
    }

    /** Whether the next unit must train even without new examples: the request's own examples come first. */
    public boolean requestExamplesPending() {
        return !requestExamplesTrained;
    }

    /** The ids of the stream examples trained on so far. */
    public List<Long> trainIds() {
        return List.copyOf(trainIds);
    }

    @Override
    public long waitingSinceNanos() {
        return waitingSinceNanos;
    }

    /** Notes that the session has nothing to train until upstream sends more (kept from the first such moment). */
    public void waitingOnUpstream(long nowNanos) {
        if (waitingSinceNanos == NOT_WAITING) {
            waitingSinceNanos = nowNanos;
        }
    }

    /** Notes that the session has work (new examples, or its stream is complete): it is not idle. */
    public void hasWork() {
        waitingSinceNanos = NOT_WAITING;
    }

    /** Re-plans the learning-rate decay once, when the RETRIEVED count tells how long the stream will be. */
    public void planFromRetrieved(Long retrieved) {
        if (!scheduleFromRetrieved && retrieved != null) {
            trainer.setPlannedTotalSteps(steps.plannedSteps(plan, retrieved, plan.requestExamples().size()));
            scheduleFromRetrieved = true;
        }
    }

    /**
     * Trains on the new examples (the held-out ones are set aside), the request's examples the first time, and a
     * replay sample of earlier ones drawn through {@code replay}, up to the plan's step bound.
     */
    public Unit trainIncrement(List<StreamExample> fresh, Function<List<Long>, List<Example>> replay) {
        List<StreamExample> train = fresh.stream().filter(e -> !HeldOut.isHeldOut(e.exampleId(), plan.streamHoldOut())).toList();
        List<Example> mix = new ArrayList<>();
        train.forEach(e -> mix.add(e.example()));
        boolean oversampled = oversampling.share() > 0;
        if (!requestExamplesTrained && !oversampled) {
            mix.addAll(plan.requestExamples());
        }
        List<Example> replayed = replay.apply(StepPlan.sample(trainIds, steps.replayCount(train.size()), random));
        mix.addAll(replayed);

        List<StepStats> stats = new ArrayList<>();
        long t0 = System.nanoTime();
        int instances = 0;
        int dropped = 0;
        boolean examplesDue = oversampled && (!mix.isEmpty() || !requestExamplesTrained);
        if (plan.mayStep(trainer.stepsDone()) && (!mix.isEmpty() || examplesDue)) {
            SessionStudent.Batches f = batches(mix, oversampled);
            dropped = f.dropped();
            for (SessionStudent.Batch batch : f.batches()) {
                if (!plan.mayStep(trainer.stepsDone())) {
                    break;
                }
                stats.add(trainer.step(batch));
                instances += batch.size();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        train.forEach(e -> trainIds.add(e.id()));
        requestExamplesTrained = true;
        long lastId = fresh.isEmpty() ? position.lastExampleId() : fresh.get(fresh.size() - 1).id();
        position = position.after(trainer.stepsDone(), lastId, train.size());
        return new Unit(stats, instances, seconds, train.size(), fresh.size() - train.size(), replayed.size(), dropped);
    }

    /** Whether passes after the incremental one remain: the plan asks for more epochs and the step bound allows. */
    public boolean finalPassesDue() {
        return plan.epochs() > 1 && plan.mayStep(position.steps());
    }

    /**
     * The passes after the incremental one ({@code plan.epochs() - 1}) over the {@code stream} examples and the
     * request's own (in every batch at the plan's share, or once per pass at a share of 0), up to the step bound;
     * {@code report} receives the steps in slices of about an incremental unit's size.
     */
    public void finalPasses(List<Example> stream, int updateSize, Consumer<FinalSteps> report) {
        if (!finalPassesDue()) {
            return;
        }
        boolean oversampled = oversampling.share() > 0;
        List<Example> examples = new ArrayList<>(stream);
        if (!oversampled) {
            examples.addAll(plan.requestExamples());
        }
        for (int epoch = 1; epoch < plan.epochs(); epoch++) {
            List<StepStats> stats = new ArrayList<>();
            long t0 = System.nanoTime();
            for (SessionStudent.Batch batch : batches(examples, oversampled).batches()) {
                if (!plan.mayStep(trainer.stepsDone())) {
                    emit(stats, epoch, t0, report);
                    return;
                }
                stats.add(trainer.step(batch));
                if (steps.reportFinalSteps(stats.size(), plan.batchSize(), updateSize)) {
                    emit(stats, epoch, t0, report);
                    stats = new ArrayList<>();
                    t0 = System.nanoTime();
                }
            }
            emit(stats, epoch, t0, report);
        }
    }

    /**
     * The batches of {@code items}: with oversampling, each one topped up with the request's examples at the plan's
     * share; without, the items alone.
     */
    private SessionStudent.Batches batches(List<Example> items, boolean oversampled) {
        return oversampled ? trainer.batches(items, plan.requestExamples(), oversampling, plan.batchSize(), random)
                : trainer.batches(items, plan.batchSize(), random);
    }

    private void emit(List<StepStats> stats, int epoch, long startNanos, Consumer<FinalSteps> report) {
        if (stats.isEmpty()) {
            return;
        }
        position = position.withSteps(stats.get(stats.size() - 1).step());
        report.accept(new FinalSteps(stats, epoch, plan.epochs(), (System.nanoTime() - startNanos) / 1e9));
    }

    /** Evaluates the student on {@code gold}. */
    public EvalReport evaluate(List<GoldExample> gold, int batchSize) {
        return trainer.evaluate(gold, batchSize);
    }

    /** Saves the model alone (a best checkpoint, served and downloaded). */
    public void saveModel(Path dir) {
        trainer.saveModel(dir);
    }

    /** Saves a resumable checkpoint (model, optimiser state, step) at the current position. */
    public void checkpoint(Path dir) {
        trainer.saveCheckpoint(dir);
        checkpointStep = position.steps();
    }

    @Override
    public void close() {
        trainer.close();
    }
}
