package io.rebase.trainer.training;

import io.rebase.contracts.Choices;
import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.contracts.TaskType;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.eval.Prediction;
import io.rebase.student.model.Devices;
import io.rebase.student.model.StudentModel;
import io.rebase.trainer.choice.CandidateScore;
import io.rebase.trainer.choice.CollapseCheck;
import io.rebase.trainer.choice.EvalBasis;
import io.rebase.trainer.choice.LeaveOneOut;
import io.rebase.trainer.choice.ServedChoice;
import io.rebase.trainer.choice.ServedModelChoice;
import io.rebase.trainer.files.TaskFolders;
import io.rebase.trainer.plan.TaskPlan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides which model a completed task serves: the ReBase student's best checkpoint or the few-shot student (the
 * task's examples alone), by {@link ServedModelChoice} on the task's evaluation data, and checks the served one for a
 * collapse. Where too few retrieved rows were usable the few-shot student is the only candidate: the result is not
 * called ReBase.
 */
public final class ServedModels {

    /**
     * What is served.
     *
     * @param modelPath the folder served
     * @param choice    which candidate and why, with the scores
     * @param collapse  the collapse note, or null
     * @param baseline  the few-shot student's metrics (and {@code steps}), null when it was not trained
     */
    public record Outcome(String modelPath, ServedChoice choice, CollapseCheck.Note collapse, Map<String, Double> baseline,
                          EvalReport evaluation) {
    }

    /** Leave-one-out trains one student per example: beyond this many examples it is not run. */
    static final int MAX_FOLDS = 16;

    private final FewShotBaseline fewShot;
    private final ServedModelChoice chooser;
    private final CollapseCheck collapse;
    private final TaskFolders folders;
    private final int evalBatchSize;

    public ServedModels(FewShotBaseline fewShot, ServedModelChoice chooser, CollapseCheck collapse, TaskFolders folders,
                        int evalBatchSize) {
        this.fewShot = fewShot;
        this.chooser = chooser;
        this.collapse = collapse;
        this.folders = folders;
        this.evalBatchSize = evalBatchSize;
    }

    /**
     * Chooses.
     *
     * @param s            the finished session
     * @param best         the ReBase student's best checkpoint, or null
     * @param rebasePath   the ReBase model to serve (best or last checkpoint)
     * @param last         the final evaluation of the session, or null
     * @param gold         the evaluation data (file or held-out slice), possibly empty
     * @param useStream    whether enough retrieved rows were usable to call the session's model ReBase
     * @param fewShotSteps the few-shot student's training steps
     */
    public Outcome choose(TaskSession s, TrainingRecord.Best best, String rebasePath, EvalReport last,
                          List<GoldExample> gold, boolean useStream, int fewShotSteps) {
        TaskPlan plan = s.plan();
        if (useStream && (gold.isEmpty() || !plan.fewShotBaseline())) {
            return rebaseOnly(s, best, rebasePath, last, gold);
        }
        try (FewShotBaseline.Trained few = fewShot.train(plan, fewShotSteps)) {
            if (gold.isEmpty()) {
                // the task's examples are the only labelled data left
                return new Outcome(save(s, few), leaveOneOut(plan, fewShotSteps), null, Map.of("steps", (double) few.steps()), null);
            }
            String metric = plan.primaryMetric();
            EvalReport fewReport = few.evaluate(gold);
            List<CandidateScore> candidates = new ArrayList<>();
            candidates.add(new CandidateScore(ServedModelChoice.FEW_SHOT, fewReport.metrics().getOrDefault(metric, 0.0),
                    fewReport.metrics(), false));
            if (useStream) {
                candidates.add(rebaseScore(best, last, metric));
            }
            ServedChoice choice = chooser.choose(metric, basis(s, gold), candidates);
            if (!choice.rebase()) {
                return new Outcome(save(s, few), choice, collapse(plan, fewReport.predictions(), gold), few.metrics(fewReport),
                        fewReport);
            }
            return new Outcome(rebasePath, choice, collapse(plan, rebasePredictions(s, best, last, gold), gold),
                    few.metrics(fewReport), last);
        }
    }

    /**
     * A decoder student is served as trained: the choice between candidates covers encoder students only, and the
     * decoder's few-shot and in-context baselines ({@code baseline}) are reported beside it.
     */
    public Outcome decoder(String rebasePath, Map<String, Double> baseline, EvalReport last) {
        return new Outcome(rebasePath, chooser.unscored(true,
                "decoder student: served as trained; its baselines are reported beside it, not chosen between"), null,
                baseline, last);
    }

    private Outcome rebaseOnly(TaskSession s, TrainingRecord.Best best, String rebasePath, EvalReport last, List<GoldExample> gold) {
        if (gold.isEmpty()) {
            return new Outcome(rebasePath, chooser.unscored(true, "no evaluation data: the ReBase student is served as trained"),
                    null, null, last);
        }
        String metric = s.plan().primaryMetric();
        ServedChoice choice = chooser.choose(metric, basis(s, gold), List.of(rebaseScore(best, last, metric)));
        return new Outcome(rebasePath, choice, collapse(s.plan(), rebasePredictions(s, best, last, gold), gold), null, last);
    }

    /**
     * The examples-alone student scored by leave-one-out over the request's examples (each predicted by a student
     * trained on the others for the same steps); unscored with fewer than 2 or more than {@value #MAX_FOLDS} examples.
     */
    private ServedChoice leaveOneOut(TaskPlan plan, int stepCount) {
        List<Example> examples = plan.requestExamples();
        String why = "too few usable retrieved rows: trained on the task's examples alone";
        if (examples.size() < 2 || examples.size() > MAX_FOLDS) {
            return chooser.unscored(false, why + ", with no evaluation data to score it on");
        }
        // a fold is right when the held-out example is answered exactly (accuracy, or exact match for QA)
        String right = plan.spec().type() == TaskType.EXTRACTIVE_QA ? "exact_match" : "accuracy";
        LeaveOneOut.Estimate e = LeaveOneOut.estimate(examples, (train, held) -> {
            try (FewShotBaseline.Trained fold = fewShot.train(plan, train, stepCount)) {
                return fold.evaluate(List.of(GoldExample.of(held))).metrics().getOrDefault(right, 0.0) >= 1.0 - 1e-9;
            }
        });
        CandidateScore score = new CandidateScore(ServedModelChoice.FEW_SHOT, e.score(),
                Map.of(right, e.score(), "low95", e.low(), "high95", e.high()), false);
        ServedChoice c = chooser.choose(right, EvalBasis.leaveOneOut(examples.size()), List.of(score));
        return new ServedChoice(c.served(), false, why, right, c.basis(), c.candidates());
    }

    private static EvalBasis basis(TaskSession s, List<GoldExample> gold) {
        return s.evalFile() != null ? EvalBasis.evalFile(gold.size()) : EvalBasis.heldOut(gold.size());
    }

    /** The ReBase candidate: its best checkpoint's score (the model it would serve), else its final evaluation's. */
    private static CandidateScore rebaseScore(TrainingRecord.Best best, EvalReport last, String metric) {
        Map<String, Double> metrics = best != null ? best.metrics() : last != null ? last.metrics() : Map.of();
        double score = best != null ? best.score() : metrics.getOrDefault(metric, 0.0);
        return new CandidateScore(ServedModelChoice.REBASE, score, metrics, true);
    }

    /** The best checkpoint's predictions: the final evaluation's when it is the best, else evaluated again. */
    private List<Prediction> rebasePredictions(TaskSession s, TrainingRecord.Best best, EvalReport last, List<GoldExample> gold) {
        if (best == null || (last != null && best.step() == s.position().steps())) {
            return last == null ? List.of() : last.predictions();
        }
        try (StudentModel model = StudentModel.load(Path.of(best.path()), Devices.preferred())) {
            return new Evaluator(model, evalBatchSize).evaluate(gold).predictions();
        }
    }

    private String save(TaskSession s, FewShotBaseline.Trained few) {
        Path dir = folders.fewShot(s.taskId());
        TaskFolders.deleteTree(dir);
        few.save(dir);
        return dir.toString();
    }

    /** The collapse note for classification and multiple choice; null for extractive QA or when none. */
    private CollapseCheck.Note collapse(TaskPlan plan, List<Prediction> predictions, List<GoldExample> gold) {
        TaskType type = plan.spec().type();
        if (type == TaskType.EXTRACTIVE_QA || predictions.isEmpty()) {
            return null;
        }
        List<String> predicted = predictions.stream().map(Prediction::output).toList();
        List<String> answers = gold.stream().map(g -> type == TaskType.MULTIPLE_CHOICE
                ? Choices.letterOf(g.golds().get(0)) : g.golds().get(0).trim()).toList();
        return collapse.check(predicted, answers).orElse(null);
    }
}
