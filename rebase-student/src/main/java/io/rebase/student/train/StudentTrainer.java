package io.rebase.student.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.rebase.student.data.Example;
import io.rebase.student.data.Featurized;
import io.rebase.student.data.Instance;
import io.rebase.student.data.JsonlExamples;
import io.rebase.student.model.StudentModel;
import io.rebase.student.weights.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Fine-tunes a {@link StudentModel} with AdamW, linear warm-up/decay, global-norm gradient clipping,
 * dropout, length-bucketed dynamic padding, a replay memory for incremental updates and (optionally)
 * a class-balanced loss whose label counts grow with the examples received.
 *
 * <p>Each step's arrays live in a sub-manager closed after the step, so memory stays flat across
 * thousands of steps. Not thread-safe.
 */
public final class StudentTrainer {

    /** File holding the optimiser position and replay bookkeeping inside a checkpoint folder. */
    public static final String STATE_FILE = "training_state.json";
    /** File holding the replay memory inside a checkpoint folder. */
    public static final String REPLAY_FILE = "replay.jsonl";
    /** File holding the optimiser's moment estimates inside a checkpoint folder (not part of a served model). */
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";

    private static final NDIndex ALL = new NDIndex("...");

    private final StudentModel model;
    private final TrainerConfig config;
    private final Random random;
    private final ReplayBuffer replay;
    private final ClassBalance balance = new ClassBalance();
    private final AdamWState optimizer;
    private int step;
    private int skippedSteps;
    private int plannedTotalSteps;
    private Consumer<StepStats> listener = s -> { };

    /** Creates a trainer at step 0. */
    public StudentTrainer(StudentModel model, TrainerConfig config) {
        this.model = model;
        this.config = config;
        this.random = new Random(config.seed());
        this.replay = new ReplayBuffer(config.replayCapacity(), new Random(config.seed() + 1));
        this.plannedTotalSteps = config.plannedTotalSteps();
        // moments live in the model's manager: freed with the model
        this.optimizer = new AdamWState(model.manager());
        Engine.getInstance().setRandomSeed((int) config.seed());
    }

    /**
     * Resumes from a checkpoint written by {@link #saveCheckpoint}: model weights, step counter,
     * planned schedule, replay memory and Adam moment estimates (zero when the checkpoint has none).
     */
    public static StudentTrainer resume(Path folder, TrainerConfig config, Device device) {
        StudentModel model = StudentModel.load(folder, device);
        StudentTrainer trainer = new StudentTrainer(model, config);
        try {
            TrainingState state = TrainingState.read(folder.resolve(STATE_FILE));
            trainer.step = state.step();
            trainer.plannedTotalSteps = state.plannedTotalSteps();
            List<Example> stored = Files.exists(folder.resolve(REPLAY_FILE))
                    ? JsonlExamples.readExamples(folder.resolve(REPLAY_FILE)) : List.of();
            trainer.replay.restore(stored, state.replaySeen());
            if (Files.exists(folder.resolve(OPTIMIZER_FILE))) {
                trainer.optimizer.restore(Safetensors.read(folder.resolve(OPTIMIZER_FILE)), model.parametersByName());
            }
            if (state.labelCounts() != null) {
                trainer.balance.restore(state.labelCounts());
            } else {
                // a checkpoint from before class balancing: the replay memory is a uniform sample of the stream
                trainer.balance.count(model.featurizer().training(stored).instances());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return trainer;
    }

    /** Receives every step's metrics (e.g. for logging or a metrics endpoint). */
    public void onStep(Consumer<StepStats> stepListener) {
        this.listener = stepListener;
    }

    /**
     * Incremental update: a few optimiser steps on {@code newBatch} mixed with a replay sample of
     * earlier examples ({@code replayRatio} per new example); then the new examples join the replay memory.
     */
    public TrainReport trainOn(List<Example> newBatch) {
        int replayCount = Math.round(newBatch.size() * config.replayRatio());
        List<Example> replayed = replay.sample(replayCount);
        List<Example> mix = new ArrayList<>(newBatch);
        mix.addAll(replayed);
        // the new examples are featurised apart so that only they are counted for the class balance
        Featurized fresh = model.featurizer().training(newBatch);
        Featurized old = model.featurizer().training(replayed);
        balance.count(fresh.instances());
        List<Instance> all = new ArrayList<>(fresh.instances());
        all.addAll(old.instances());
        Featurized f = new Featurized(all, fresh.dropped() + old.dropped());
        List<StepStats> stats = new ArrayList<>();
        long t0 = System.nanoTime();
        int instances = 0;
        for (int pass = 0; pass < config.passesPerUpdate(); pass++) {
            for (List<Instance> batch : LengthBuckets.batches(f.instances(), config.batchSize(), random)) {
                stats.add(step(batch));
                instances += batch.size();
            }
        }
        replay.addAll(newBatch);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new TrainReport(stats, newBatch.size(), replayed.size(), f.dropped(), instances / Math.max(seconds, 1e-9));
    }

    /** Offline training: {@code epochs} passes over {@code examples}; extends the schedule to end with them. */
    public TrainReport fit(List<Example> examples, int epochs) {
        Featurized f = model.featurizer().training(examples);
        return fitInstances(examples, f, stepsPerEpoch(f) * epochs);
    }

    /**
     * Offline training for exactly {@code steps} optimiser steps, in passes over {@code examples} (the last one cut
     * short): a fixed budget whatever the examples' lengths. A QA example yields as many instances as its context has
     * windows, so equal epochs over two example sets are not equal steps.
     */
    public TrainReport fitSteps(List<Example> examples, int steps) {
        return fitInstances(examples, model.featurizer().training(examples), steps);
    }

    /** Optimiser steps that one pass over {@code examples} takes. */
    public int stepsPerEpoch(List<Example> examples) {
        return stepsPerEpoch(model.featurizer().training(examples));
    }

    private int stepsPerEpoch(Featurized f) {
        return (f.instances().size() + config.batchSize() - 1) / config.batchSize();
    }

    private TrainReport fitInstances(List<Example> examples, Featurized f, int steps) {
        balance.count(f.instances());
        plannedTotalSteps = Math.max(plannedTotalSteps, step + steps);
        List<StepStats> stats = new ArrayList<>();
        long t0 = System.nanoTime();
        int instances = 0;
        while (stats.size() < steps && !f.instances().isEmpty()) {
            for (List<Instance> batch : LengthBuckets.batches(f.instances(), config.batchSize(), random)) {
                if (stats.size() >= steps) {
                    break;
                }
                stats.add(step(batch));
                instances += batch.size();
            }
        }
        replay.addAll(examples);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new TrainReport(stats, examples.size(), 0, f.dropped(), instances / Math.max(seconds, 1e-9));
    }

    /** One optimiser step on already-encoded instances. */
    public StepStats step(List<Instance> batch) {
        long t0 = System.nanoTime();
        step++;
        float loss;
        int length = batch.stream().mapToInt(Instance::maxLength).max().orElse(0);
        // everything this step creates (inputs, activations, gradient handles, norms) lives in sub
        try (NDManager sub = model.manager().newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray lossArray = TaskLoss.of(model, batch, sub, true,
                        config.classBalance() ? balance.weights(batch) : null);
                gc.backward(lossArray);
                loss = lossArray.getFloat();
            }
            update(sub);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        StepStats s = new StepStats(step, loss, currentLearningRate(), batch.size(), length, batch.size() / seconds);
        listener.accept(s);
        return s;
    }

    /**
     * Clips by global norm and applies AdamW. DJL's PyTorch {@code adamUpdate} zeroes each
     * parameter's gradient in place after updating it, so nothing else resets gradients. A
     * non-finite norm (overflow, or a corrupted buffer) skips the update and overwrites the
     * gradients with zeros instead, so one bad batch cannot poison the weights or later steps.
     */
    private void update(NDManager sub) {
        List<Parameter> params = model.parameters();
        List<NDArray> grads = new ArrayList<>(params.size());
        for (Parameter p : params) {
            // getGradient() wraps the native gradient in a new handle owned by the parameter's
            // (root) manager; attaching it to sub frees the handle and every array derived from it
            NDArray g = p.getArray().getGradient();
            g.attach(sub);
            grads.add(g);
        }
        double norm = GradientNorm.of(grads);
        if (!Double.isFinite(norm)) {
            skippedSteps++;
            for (NDArray g : grads) {
                g.set(ALL, 0f);
            }
            return;
        }
        float scale = config.gradClipNorm() > 0 && norm > config.gradClipNorm()
                ? (float) (config.gradClipNorm() / (norm + 1e-6)) : 1f;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            NDArray g = grads.get(i);
            if (scale != 1f) {
                g.muli(scale);
            }
            // HF practice: no decay on biases and LayerNorm parameters
            optimizer.update(p.getId(), p.getArray(), g, currentLearningRate(),
                    p.getType() == Parameter.Type.WEIGHT ? config.weightDecay() : 0f);
        }
    }

    /** The optimiser's moment estimates (tests check they are freed with the model). */
    AdamWState optimizerState() {
        return optimizer;
    }

    /** Steps whose gradients were not finite and were therefore skipped. */
    public int skippedSteps() {
        return skippedSteps;
    }

    /** Writes model checkpoint plus training state (step, schedule, replay memory, optimiser moments) to {@code folder}. */
    public void saveCheckpoint(Path folder) {
        model.save(folder);
        try {
            new TrainingState(step, plannedTotalSteps, replay.seen(), config.learningRate(), config.batchSize(),
                    config.seed(), balance.counts()).write(folder.resolve(STATE_FILE));
            JsonlExamples.writeExamples(folder.resolve(REPLAY_FILE), replay.contents());
            Safetensors.write(folder.resolve(OPTIMIZER_FILE), optimizer.snapshot(model.parametersByName()), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Learning rate for the next step. */
    public float currentLearningRate() {
        return new LinearSchedule(config.learningRate(), config.warmupSteps(), plannedTotalSteps, config.minLrFraction())
                .at(Math.max(1, step));
    }

    /** Optimiser steps taken so far (restored on resume). */
    public int stepsDone() {
        return step;
    }

    /** The step at which the learning-rate decay reaches its floor. */
    public int plannedTotalSteps() {
        return plannedTotalSteps;
    }

    /** Re-plans the decay, e.g. when the expected stream size becomes known. */
    public void setPlannedTotalSteps(int total) {
        this.plannedTotalSteps = total;
    }

    /**
     * The loss weight of each label index under the examples received so far (1 for every label when class
     * balancing is off or for tasks without labels).
     */
    public double labelWeight(int label) {
        return config.classBalance() ? balance.weight(label) : 1.0;
    }

    /** Received examples counted per label index (the basis of the class balance). */
    public long[] labelCounts() {
        return balance.counts();
    }

    /** Examples currently held for replay. */
    public int replaySize() {
        return replay.contents().size();
    }

    /** The model being trained. */
    public StudentModel model() {
        return model;
    }
}
