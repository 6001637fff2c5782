package io.rebase.trainer.training;

import io.rebase.student.train.TrainerConfig;
import io.rebase.trainer.mixing.ExampleOversampling;
import io.rebase.trainer.plan.TaskPlan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * How many optimiser steps a task is planned to take and with which optimiser settings, and how earlier examples are
 * replayed: the learning-rate schedule (warm-up, then linear decay to the planned total) needs the total before the
 * stream ends, so it is estimated from the RETRIEVED count once known and from a fixed guess before that.
 *
 * @param replayRatio  replayed earlier examples per new example
 * @param classBalance weight the cross-entropy by inverse label frequency (classification, multiple choice)
 * @param seed         {@code rebase.trainer.seed}: shuffling, replay sampling, dropout and head initialisation
 * @param exampleShare the task's own examples' share of every batch ({@link ExampleOversampling}); 0 trains them once
 */
public record StepPlan(double replayRatio, boolean classBalance, long seed, double exampleShare) {

    public StepPlan {
        new ExampleOversampling(exampleShare); // refuses a share out of range, naming the setting
    }

    /** A plan that trains the task's examples once, like any other example. */
    public StepPlan(double replayRatio, boolean classBalance, long seed) {
        this(replayRatio, classBalance, seed, 0);
    }

    /** How the task's examples are put into every batch. */
    public ExampleOversampling oversampling() {
        return new ExampleOversampling(exampleShare);
    }

    /** The planned total before the RETRIEVED count is known. */
    static final int STEPS_BEFORE_RETRIEVED = 1000;
    /** The smallest planned total, so that warm-up and decay stay meaningful on tiny streams. */
    static final int MIN_PLANNED_STEPS = 10;

    /**
     * The planned total of optimiser steps: the request's bound if it has one; otherwise the incremental pass (new
     * plus replayed examples) and the final passes over the training share of the retrieved rows and the request's
     * own examples.
     *
     * @param retrieved       the RETRIEVED count, null while unknown
     * @param requestExamples the request's own demonstrations
     */
    public int plannedSteps(TaskPlan plan, Long retrieved, int requestExamples) {
        if (plan.maxSteps() > 0) {
            return plan.maxSteps();
        }
        if (retrieved == null) {
            return STEPS_BEFORE_RETRIEVED;
        }
        double rows = retrieved * (1 - plan.streamHoldOut()) + requestExamples;
        double incremental = rows * (1 + replayRatio) / plan.batchSize();
        double finalEpochs = (plan.epochs() - 1) * rows / plan.batchSize();
        // the examples' slots make every batch carry that much less of the stream
        double slots = oversampling().slots(plan.batchSize());
        double stretch = plan.batchSize() / (plan.batchSize() - slots);
        return (int) Math.max(MIN_PLANNED_STEPS, Math.ceil((incremental + finalEpochs) * stretch));
    }

    /** The student's optimiser settings for a stream session planned to take {@code planned} steps. */
    public TrainerConfig optimiser(TaskPlan plan, int planned) {
        return optimiser(plan, planned, replayRatio);
    }

    /** The optimiser settings of the few-shot baseline: no replay, {@code steps} steps. */
    public TrainerConfig baselineOptimiser(TaskPlan plan, int steps) {
        return optimiser(plan, steps, 0);
    }

    private TrainerConfig optimiser(TaskPlan plan, int planned, double replay) {
        int warmup = Math.max(1, Math.min(20, planned / 10));
        return new TrainerConfig((float) plan.learningRate(), 0.01f, plan.batchSize(), warmup, planned, 0.1f, 1.0f,
                (float) replay, 5000, 1, seed).withClassBalance(classBalance);
    }

    /** How many earlier examples to replay with {@code fresh} new ones. */
    public int replayCount(int fresh) {
        return (int) Math.round(fresh * replayRatio);
    }

    /** The random source of a session resumed at {@code steps}: a resumed session does not repeat its shuffles. */
    public Random random(int steps) {
        return new Random(seed + steps);
    }

    /** {@code n} distinct ids drawn from {@code pool} (all of them when it has no more), in ascending order. */
    public static List<Long> sample(List<Long> pool, int n, Random random) {
        if (n <= 0 || pool.isEmpty()) {
            return List.of();
        }
        if (n >= pool.size()) {
            return List.copyOf(pool);
        }
        List<Long> out = new ArrayList<>(n);
        Set<Integer> picked = new HashSet<>();
        while (out.size() < n) {
            int i = random.nextInt(pool.size());
            if (picked.add(i)) {
                out.add(pool.get(i));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Whether enough steps of a final pass accumulated to report them, as often as incremental units report. */
    public boolean reportFinalSteps(int stepsSinceReport, int batchSize, int updateSize) {
        return stepsSinceReport * batchSize >= updateSize * (1 + replayRatio);
    }
}
