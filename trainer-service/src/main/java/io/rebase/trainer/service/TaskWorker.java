package io.rebase.trainer.service;

import io.rebase.commons.messaging.TaskEventPublisher;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskEventType;
import io.rebase.contracts.TaskIds;
import io.rebase.contracts.TaskRequest;
import io.rebase.student.data.Example;
import io.rebase.student.data.Featurized;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.Instance;
import io.rebase.student.data.JsonlExamples;
import io.rebase.student.data.TaskType;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.model.Devices;
import io.rebase.student.model.StudentModel;
import io.rebase.student.train.LengthBuckets;
import io.rebase.student.train.StepStats;
import io.rebase.student.train.StudentTrainer;
import io.rebase.trainer.config.TrainerServiceConfig;
import io.rebase.trainer.domain.StoredExample;
import io.rebase.trainer.domain.TaskStatus;
import io.rebase.trainer.domain.TaskStream;
import io.rebase.trainer.domain.TaskTraining;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Trains tasks one unit of work at a time (called by {@link TrainingCoordinator} on its worker pool, never on a
 * Kafka thread): each unit trains the next new examples mixed with a replay sample of earlier ones, evaluates and
 * checkpoints every K steps, and once the stream is complete runs the final epochs, the final evaluation, the
 * few-shot baseline and the report, and announces COMPLETED.
 *
 * <p>The database is the source of truth: a unit's position (last example consumed, steps) is only trusted up to
 * the last checkpoint when a task's session is opened, so that a crash at any point resumes from the checkpoint and
 * retrains what came after it.
 */
@ApplicationScoped
public class TaskWorker {

    private static final Logger LOG = Logger.getLogger(TaskWorker.class);
    private static final int MAX_CONSECUTIVE_FAILURES = 3;

    private final TrainerServiceConfig config;
    private final TrainingStore store;
    private final TaskPlans plans;
    private final Encoders encoders;
    private final TaskEventPublisher events;
    private final TrainerMetrics metrics;
    private final ReportWriter reports;
    private final OpenSessions sessions;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> retryAt = new ConcurrentHashMap<>();

    public TaskWorker(TrainerServiceConfig config, TrainingStore store, TaskPlans plans, Encoders encoders,
                      TaskEventPublisher events, TrainerMetrics metrics, ReportWriter reports) {
        this.config = config;
        this.store = store;
        this.plans = plans;
        this.encoders = encoders;
        this.events = events;
        this.metrics = metrics;
        this.reports = reports;
        this.sessions = new OpenSessions(config.maxOpenSessions(), config.parkIdleAfter().toNanos());
    }

    /** Does the next unit of work of a task; never runs concurrently for the same task. */
    public void work(String taskId) {
        Long notBefore = retryAt.get(taskId);
        if (notBefore != null && System.currentTimeMillis() < notBefore) {
            return;
        }
        if (!sessions.enter(taskId)) {
            return; // its session is being parked
        }
        try {
            unit(taskId);
        } finally {
            sessions.leave(taskId);
        }
    }

    private void unit(String taskId) {
        try {
            step(taskId);
            failures.remove(taskId);
            retryAt.remove(taskId);
        } catch (PlanException e) {
            fail(taskId, e.getMessage(), e.field(), true);
        } catch (RuntimeException | Error e) {
            closeSession(taskId);
            int n = failures.merge(taskId, 1, Integer::sum);
            LOG.errorf(e, "task %s: training unit failed (%d/%d)", taskId, n, MAX_CONSECUTIVE_FAILURES);
            // back off (2 s, 4 s, ...) so that a passing problem (disk full, database restart) can clear
            retryAt.put(taskId, System.currentTimeMillis() + 1000L * (1L << n));
            if (n >= MAX_CONSECUTIVE_FAILURES) {
                failures.remove(taskId);
                retryAt.remove(taskId);
                fail(taskId, "training failed: " + e, null, true);
            }
        }
    }

    private void step(String taskId) {
        TaskStream stream = store.stream(taskId);
        if (stream == null) {
            return;
        }
        TaskTraining t = store.training(taskId);
        if (t.status.terminal()) {
            closeSession(taskId);
            return;
        }
        if (stream.upstreamFailure != null) {
            fail(taskId, "failed upstream: " + stream.upstreamFailure, null, false);
            return;
        }
        if (stream.requestJson == null) {
            setStatus(t, TaskStatus.WAITING_FOR_SPEC);
            return;
        }
        TaskSession s = sessions.get(taskId);
        if (s == null) {
            if (!makeRoom(taskId)) {
                setStatus(t, TaskStatus.QUEUED);
                return;
            }
            s = open(taskId, plans.of(Json.read(stream.requestJson, TaskRequest.class)), t, stream);
            sessions.put(taskId, s);
            metrics.openSessions(sessions.size());
        }
        schedule(s, stream);
        // counts before examples: if nothing new is found below, everything counted here has been trained
        TrainingStore.Counts counts = store.counts(taskId);
        List<StoredExample> fresh = store.after(taskId, t.lastExampleId, config.updateSize());
        if (!fresh.isEmpty() || !s.requestExamplesTrained) {
            trainUnit(s, t, fresh);
            return;
        }
        String reason = completion(stream, counts);
        if (reason != null) {
            finish(s, t, stream, counts, reason);
        } else if (t.status == TaskStatus.WAITING_FOR_SPEC) {
            setStatus(t, TaskStatus.WAITING_FOR_EXAMPLES);
        }
    }

    /** Whether a session may open for {@code taskId}, after parking an idle one where all slots are taken. */
    private boolean makeRoom(String taskId) {
        OpenSessions.Room room = sessions.room(taskId, System.nanoTime());
        if (!room.free()) {
            return false;
        }
        if (room.victim() == null) {
            return true;
        }
        try {
            park(room.victim());
            return true;
        } catch (RuntimeException e) {
            // the idle session stays open; the waiting task tries again on a later tick
            LOG.warnf(e, "task %s: cannot park idle task %s", taskId, room.victim());
            return false;
        } finally {
            sessions.leave(room.victim());
        }
    }

    /** Saves an idle session where its position is (a checkpoint) and frees its memory; it resumes from there. */
    private void park(String taskId) {
        TaskSession s = sessions.get(taskId);
        if (s == null) {
            return;
        }
        TaskTraining t = store.training(taskId);
        if (t.steps > t.checkpointStep) {
            checkpoint(s, t);
        }
        closeSession(taskId);
        metrics.sessionParked();
        LOG.infof("task %s: parked at step %d to free a training slot", taskId, t.steps);
    }

    private TaskSession open(String taskId, TaskPlan plan, TaskTraining t, TaskStream stream) {
        List<GoldExample> evalFile = plan.evalSet() == null ? null : readEvalFile(plan);
        io.rebase.student.train.TrainerConfig cfg = studentConfig(plan, plannedSteps(plan, stream), config.replayRatio());
        cfg = cfg.withClassBalance(config.classBalance());
        StudentTrainer trainer;
        if (t.checkpointPath != null && Files.isDirectory(Path.of(t.checkpointPath))) {
            trainer = StudentTrainer.resume(Path.of(t.checkpointPath), cfg, Devices.preferred());
            t.steps = t.checkpointStep;
            t.lastExampleId = t.checkpointLastExampleId;
            t.examplesTrained = t.checkpointExamplesTrained;
            t.resumedFromStep = t.checkpointStep;
            LOG.infof("task %s: resumed from checkpoint at step %d", taskId, t.checkpointStep);
        } else {
            StudentModel model = StudentModel.create(encoders.get(plan.studentModel()), plan.spec(),
                    encoders.get(plan.studentModel()).pooling(), Devices.preferred(), config.seed());
            trainer = new StudentTrainer(model, cfg);
            if (t.steps > 0 || t.lastExampleId > 0) {
                t.resumedFromStep = 0;
                LOG.infof("task %s: no checkpoint, restarting training from step 0", taskId);
            }
            t.steps = 0;
            t.lastExampleId = 0;
            t.examplesTrained = 0;
        }
        t.lastEvalStep = Math.min(t.lastEvalStep, t.steps);
        store.truncateCurves(taskId, t.steps);
        store.save(t);
        metrics.examplesPerSecond(taskId, 0);
        TaskSession s = new TaskSession(plan, trainer, new Random(config.seed() + t.steps),
                new ArrayList<>(store.trainIds(taskId, t.lastExampleId, plan.streamHoldOut())), evalFile);
        s.requestExamplesTrained = t.steps > 0;
        s.scheduleFromRetrieved = stream.retrieved != null;
        return s;
    }

    /** Re-plans the learning-rate decay once the RETRIEVED count tells how long the stream will be. */
    private void schedule(TaskSession s, TaskStream stream) {
        if (!s.scheduleFromRetrieved && stream.retrieved != null) {
            s.trainer.setPlannedTotalSteps(plannedSteps(s.plan, stream));
            s.scheduleFromRetrieved = true;
        }
    }

    private int plannedSteps(TaskPlan plan, TaskStream stream) {
        if (plan.maxSteps() > 0) {
            return plan.maxSteps();
        }
        if (stream.retrieved == null) {
            return 1000;
        }
        double rows = stream.retrieved * (1 - plan.streamHoldOut()) + Examples.of(plan.request()).size();
        double incremental = rows * (1 + config.replayRatio()) / plan.batchSize();
        double finalEpochs = (plan.epochs() - 1) * rows / plan.batchSize();
        return (int) Math.max(10, Math.ceil(incremental + finalEpochs));
    }

    private static io.rebase.student.train.TrainerConfig studentConfig(TaskPlan plan, int planned, double replayRatio) {
        int warmup = Math.max(1, Math.min(20, planned / 10));
        return new io.rebase.student.train.TrainerConfig((float) plan.learningRate(), 0.01f, plan.batchSize(), warmup,
                planned, 0.1f, 1.0f, (float) replayRatio, 5000, 1, 42);
    }

    private void trainUnit(TaskSession s, TaskTraining t, List<StoredExample> fresh) {
        TaskPlan plan = s.plan;
        String taskId = t.taskId;
        List<StoredExample> train = fresh.stream().filter(e -> !HeldOut.isHeldOut(e.exampleId, plan.streamHoldOut())).toList();
        List<Example> mix = new ArrayList<>();
        train.forEach(e -> mix.add(Examples.of(e)));
        if (!s.requestExamplesTrained) {
            mix.addAll(Examples.of(plan.request()));
        }
        List<StoredExample> replayed = store.byIds(sample(s.trainIds, (int) Math.round(train.size() * config.replayRatio()), s.random));
        replayed.forEach(e -> mix.add(Examples.of(e)));
        int replayCount = replayed.size();

        List<StepStats> stats = new ArrayList<>();
        long t0 = System.nanoTime();
        int instances = 0;
        int dropped = 0;
        if (plan.mayStep(s.trainer.stepsDone()) && !mix.isEmpty()) {
            Featurized f = s.model().featurizer().training(mix);
            dropped = f.dropped();
            for (List<Instance> batch : LengthBuckets.batches(f.instances(), plan.batchSize(), s.random)) {
                if (!plan.mayStep(s.trainer.stepsDone())) {
                    break;
                }
                stats.add(s.trainer.step(batch));
                instances += batch.size();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!stats.isEmpty()) {
            s.lastTrainedNanos = System.nanoTime();
        }
        train.forEach(e -> s.trainIds.add(e.id));
        s.requestExamplesTrained = true;
        if (!fresh.isEmpty()) {
            t.lastExampleId = fresh.get(fresh.size() - 1).id;
        }
        t.examplesTrained += train.size();
        t.steps = s.trainer.stepsDone();
        if (t.startedAt == null) {
            t.startedAt = Instant.now();
        }
        t.status = TaskStatus.TRAINING;
        if (!stats.isEmpty()) {
            double loss = stats.stream().mapToDouble(StepStats::loss).average().orElse(Double.NaN);
            t.lastLoss = loss;
            t.examplesPerSecond = instances / Math.max(seconds, 1e-9);
            store.addLoss(taskId, stats, t.examplesTrained);
            metrics.steps(taskId, stats.size());
            metrics.loss(taskId, loss);
            metrics.examplesPerSecond(taskId, t.examplesPerSecond);
        }
        store.save(t);
        LOG.infof("task %s: unit of %d new (+%d held out, %d replayed) -> step %d, loss %s, %.1f examples/s, %.2f s",
                taskId, train.size(), fresh.size() - train.size(), replayCount, t.steps, t.lastLoss, t.examplesPerSecond, seconds);
        if (!stats.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("steps", t.steps);
            details.put("loss", t.lastLoss);
            details.put("examplesSeen", t.examplesTrained);
            details.put("examplesPerSecond", t.examplesPerSecond);
            details.put("learningRate", stats.get(stats.size() - 1).learningRate());
            details.put("newExamples", train.size());
            details.put("heldOut", fresh.size() - train.size());
            details.put("replayed", replayCount);
            details.put("unusable", dropped);
            events.publish(TaskEvent.of(taskId, TaskEventType.TRAINING_PROGRESS, events.source(), (long) t.steps,
                    "step " + t.steps + ", loss " + String.format("%.4f", t.lastLoss), details));
        }
        if (t.steps - t.lastEvalStep >= config.evalEvery()) {
            evaluate(s, t);
        }
        if (t.steps - t.checkpointStep >= config.checkpointEvery()) {
            checkpoint(s, t);
        }
    }

    private static List<Long> sample(List<Long> pool, int n, Random random) {
        if (n <= 0 || pool.isEmpty()) {
            return List.of();
        }
        if (n >= pool.size()) {
            return List.copyOf(pool);
        }
        List<Long> out = new ArrayList<>(n);
        java.util.Set<Integer> picked = new java.util.HashSet<>();
        while (out.size() < n) {
            int i = random.nextInt(pool.size());
            if (picked.add(i)) {
                out.add(pool.get(i));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private String completion(TaskStream stream, TrainingStore.Counts counts) {
        if (stream.retrieved != null && counts.accountedRows() >= stream.retrieved) {
            return "all-rows-accounted";
        }
        if (counts.examples() > 0 && stream.lastActivityAt != null
                && Duration.between(stream.lastActivityAt, Instant.now()).compareTo(config.idleTimeout()) >= 0) {
            return "idle-timeout";
        }
        return null;
    }

    /** Evaluation data: the file, or the held-out slice of what was consumed so far. */
    private List<GoldExample> evalData(TaskSession s, TaskTraining t) {
        if (s.evalFile != null) {
            return s.evalFile;
        }
        return store.heldOut(t.taskId, t.lastExampleId, s.plan.streamHoldOut(), s.plan.maxEvalExamples()).stream()
                .map(e -> GoldExample.of(Examples.of(e))).toList();
    }

    private EvalReport evaluate(TaskSession s, TaskTraining t) {
        List<GoldExample> gold = evalData(s, t);
        t.lastEvalStep = t.steps;
        if (gold.isEmpty()) {
            store.save(t);
            return null;
        }
        EvalReport report = new Evaluator(s.model(), config.evalBatchSize()).evaluate(gold);
        String metric = s.plan.primaryMetric();
        double score = report.metrics().getOrDefault(metric, 0.0);
        store.addEval(t.taskId, t.steps, score, report.metrics(), t.examplesTrained);
        metrics.evalScore(t.taskId, metric, score);
        if (t.bestScore == null || score >= t.bestScore) {
            Path dir = taskDir(t.taskId).resolve("best-" + t.steps);
            s.model().save(dir);
            String previous = t.bestPath;
            t.bestPath = dir.toString();
            t.bestScore = score;
            t.bestMetric = metric;
            t.bestStep = t.steps;
            t.metricsJson = Json.write(report.metrics());
            store.save(t);
            if (previous != null && !previous.equals(t.bestPath)) {
                deleteTree(Path.of(previous));
            }
        } else {
            store.save(t);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("step", t.steps);
        details.put("metrics", report.metrics());
        details.put("evalExamples", report.count());
        details.put("evalSet", s.evalFile != null ? "file" : "held-out");
        details.put("examplesPerSecond", report.examplesPerSecond());
        details.put("best", t.bestScore);
        events.publish(TaskEvent.of(t.taskId, TaskEventType.EVALUATED, events.source(), (long) t.steps,
                metric + " " + String.format("%.4f", score) + " at step " + t.steps, details));
        return report;
    }

    /** A completed task trains no more: its optimiser moments (twice the model's size) only took disk space. */
    private static void dropOptimizerState(TaskTraining t) {
        if (t.checkpointPath != null) {
            try {
                Files.deleteIfExists(Path.of(t.checkpointPath).resolve(StudentTrainer.OPTIMIZER_FILE));
            } catch (IOException e) {
                LOG.warnf("cannot remove the optimiser state of %s: %s", t.taskId, e.getMessage());
            }
        }
    }

    private void checkpoint(TaskSession s, TaskTraining t) {
        Path root = taskDir(t.taskId).resolve("checkpoints");
        Path dir = root.resolve("step-" + t.steps);
        long t0 = System.nanoTime();
        s.trainer.saveCheckpoint(dir);
        LOG.infof("task %s: checkpoint at step %d (%.2f s)", t.taskId, t.steps, (System.nanoTime() - t0) / 1e9);
        t.checkpointPath = dir.toString();
        t.checkpointStep = t.steps;
        t.checkpointLastExampleId = t.lastExampleId;
        t.checkpointExamplesTrained = t.examplesTrained;
        store.save(t);
        try (Stream<Path> old = Files.list(root)) {
            old.filter(p -> !p.equals(dir)).forEach(TaskWorker::deleteTree);
        } catch (IOException e) {
            LOG.warnf("cannot clean old checkpoints of %s: %s", t.taskId, e.getMessage());
        }
    }

    private void finish(TaskSession s, TaskTraining t, TaskStream stream, TrainingStore.Counts counts, String reason) {
        TaskPlan plan = s.plan;
        String taskId = t.taskId;
        LOG.infof("task %s: stream complete (%s), finalising", taskId, reason);
        t.status = TaskStatus.FINALISING;
        t.completionReason = reason;
        store.save(t);
        if (plan.epochs() > 1 && plan.mayStep(t.steps)) {
            List<Example> all = new ArrayList<>();
            store.byIds(s.trainIds).forEach(e -> all.add(Examples.of(e)));
            all.addAll(Examples.of(plan.request()));
            Featurized f = s.model().featurizer().training(all);
            outer:
            for (int epoch = 1; epoch < plan.epochs(); epoch++) {
                List<StepStats> stats = new ArrayList<>();
                long t0 = System.nanoTime();
                for (List<Instance> batch : LengthBuckets.batches(f.instances(), plan.batchSize(), s.random)) {
                    if (!plan.mayStep(s.trainer.stepsDone())) {
                        recordFinalSteps(t, stats, epoch, plan.epochs(), t0);
                        break outer;
                    }
                    stats.add(s.trainer.step(batch));
                    // as often as the incremental units report, so that followers see the final passes move
                    if (stats.size() * plan.batchSize() >= config.updateSize() * (1 + config.replayRatio())) {
                        recordFinalSteps(t, stats, epoch, plan.epochs(), t0);
                        stats = new ArrayList<>();
                        t0 = System.nanoTime();
                    }
                }
                recordFinalSteps(t, stats, epoch, plan.epochs(), t0);
            }
        }
        EvalReport last = evaluate(s, t);
        checkpoint(s, t);
        t.modelPath = t.bestPath != null ? t.bestPath : t.checkpointPath;

        Map<String, Double> baseline = null;
        List<GoldExample> gold = evalData(s, t);
        if (plan.fewShotBaseline() && !gold.isEmpty()) {
            baseline = baseline(plan, Math.max(1, t.steps), gold);
            t.baselineJson = Json.write(baseline);
        }
        t.status = TaskStatus.COMPLETED;
        t.completedAt = Instant.now();
        t.reportPath = taskDir(taskId).resolve("report.json").toString();
        store.save(t);
        dropOptimizerState(t);
        reports.write(taskId);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("modelPath", t.modelPath);
        details.put("reportPath", t.reportPath);
        details.put("metrics", t.metricsJson == null ? Map.of() : Json.read(t.metricsJson, Map.class));
        details.put("finalMetrics", last == null ? Map.of() : last.metrics());
        details.put("baselineMetrics", baseline == null ? Map.of() : baseline);
        details.put("bestStep", t.bestStep);
        details.put("steps", t.steps);
        details.put("reason", reason);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("retrieved", stream.retrieved);
        c.put("examples", counts.examples());
        c.put("examplesTrained", t.examplesTrained);
        c.put("rejected", counts.rejected());
        c.put("deadLettered", counts.deadLettered());
        c.put("duplicates", counts.duplicates());
        details.put("counts", c);
        await(TaskEvent.of(taskId, TaskEventType.COMPLETED, events.source(), (long) t.steps,
                "trained " + t.steps + " steps on " + t.examplesTrained + " examples (" + reason + ")", details));
        closeSession(taskId);
        LOG.infof("task %s: completed, model at %s", taskId, t.modelPath);
    }

    /** Stores and announces the steps of a final pass over all examples (the stream is complete by then). */
    private void recordFinalSteps(TaskTraining t, List<StepStats> stats, int epoch, int epochs, long startNanos) {
        if (stats.isEmpty()) {
            return;
        }
        String taskId = t.taskId;
        t.steps = stats.get(stats.size() - 1).step();
        t.lastLoss = stats.stream().mapToDouble(StepStats::loss).average().orElse(Double.NaN);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        store.addLoss(taskId, stats, t.examplesTrained);
        metrics.steps(taskId, stats.size());
        metrics.loss(taskId, t.lastLoss);
        store.save(t);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("steps", t.steps);
        details.put("loss", t.lastLoss);
        details.put("examplesSeen", t.examplesTrained);
        details.put("examplesPerSecond", stats.stream().mapToInt(StepStats::examples).sum() / Math.max(seconds, 1e-9));
        details.put("learningRate", stats.get(stats.size() - 1).learningRate());
        details.put("epoch", epoch + 1);
        details.put("epochs", epochs);
        events.publish(TaskEvent.of(taskId, TaskEventType.TRAINING_PROGRESS, events.source(), (long) t.steps,
                "final pass " + (epoch + 1) + "/" + epochs + ": step " + t.steps + ", loss " + String.format("%.4f", t.lastLoss), details));
    }

    /** The same student trained on the request's examples alone for the same number of steps. */
    private Map<String, Double> baseline(TaskPlan plan, int steps, List<GoldExample> gold) {
        List<Example> few = Examples.of(plan.request());
        try (StudentModel model = StudentModel.create(encoders.get(plan.studentModel()), plan.spec(),
                encoders.get(plan.studentModel()).pooling(), Devices.preferred(), config.seed())) {
            StudentTrainer trainer = new StudentTrainer(model, studentConfig(plan, steps, 0).withClassBalance(config.classBalance()));
            Featurized f = model.featurizer().training(few);
            Random random = new Random(config.seed());
            int done = 0;
            while (done < steps && !f.instances().isEmpty()) {
                for (List<Instance> batch : LengthBuckets.batches(f.instances(), plan.batchSize(), random)) {
                    if (done >= steps) {
                        break;
                    }
                    trainer.step(batch);
                    done++;
                }
            }
            Map<String, Double> out = new LinkedHashMap<>(new Evaluator(model, config.evalBatchSize()).evaluate(gold).metrics());
            out.put("steps", (double) done);
            return out;
        }
    }

    private List<GoldExample> readEvalFile(TaskPlan plan) {
        try {
            List<GoldExample> all;
            if (plan.spec().type() == TaskType.EXTRACTIVE_QA) {
                String q = plan.spec().roles().first();
                String c = plan.spec().roles().second();
                all = JsonlExamples.readSquad(plan.evalSet()).stream()
                        .map(g -> new GoldExample(Map.of(q, g.input().get("question"), c, g.input().get("context")), g.golds()))
                        .toList();
            } else {
                all = JsonlExamples.readGeneric(plan.evalSet(), plan.request().inputFields(), null);
            }
            String first = plan.spec().roles().first();
            if (all.isEmpty() || all.stream().anyMatch(g -> !g.input().containsKey(first) || g.golds().isEmpty())) {
                throw new PlanException(EvalPaths.FIELD, "evaluation records need the field '" + first + "' and an answer");
            }
            return all.subList(0, Math.min(all.size(), plan.maxEvalExamples()));
        } catch (IOException e) {
            throw new PlanException(EvalPaths.FIELD, "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof PlanException p) {
                throw p;
            }
            throw new PlanException(EvalPaths.FIELD, "unreadable evaluation file: " + e.getMessage());
        }
    }

    private void fail(String taskId, String message, String field, boolean announce) {
        closeSession(taskId);
        TaskTraining t = store.training(taskId);
        if (t.status.terminal()) {
            return;
        }
        t.status = TaskStatus.FAILED;
        t.failureReason = message;
        t.completedAt = Instant.now();
        store.save(t);
        LOG.warnf("task %s failed: %s", taskId, message);
        if (announce) {
            await(TaskEvent.failed(taskId, events.source(), field, field == null ? message
                    : message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message));
        }
    }

    private void setStatus(TaskTraining t, TaskStatus status) {
        if (t.status != status) {
            t.status = status;
            store.save(t);
        }
    }

    private void await(TaskEvent event) {
        try {
            events.publish(event).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + event.type() + " for " + event.taskId(), e);
        }
    }

    /** The folder of a task's checkpoints and reports, confined to the data folder by the task-id rule. */
    public Path taskDir(String taskId) {
        return TaskIds.folder(Path.of(config.dataDir()), taskId);
    }

    void closeSession(String taskId) {
        TaskSession s = sessions.remove(taskId);
        if (s != null) {
            s.close();
            metrics.openSessions(sessions.size());
        }
    }

    /** Drops every in-memory session without saving anything: what a crash leaves behind. */
    void dropSessions() {
        sessions.taskIds().forEach(this::closeSession);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("cannot delete %s: %s", dir, e.getMessage());
        }
    }
}
