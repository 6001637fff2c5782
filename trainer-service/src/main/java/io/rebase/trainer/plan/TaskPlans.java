package io.rebase.trainer.plan;

import io.rebase.contracts.EvaluationSettings;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TrainingSettings;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.data.TaskType;
import io.rebase.trainer.config.TrainerSettings;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.List;

/** Turns task requests into {@link TaskPlan}s, refusing what an encoder student cannot do with a named field. */
@ApplicationScoped
public class TaskPlans {

    private final TrainerSettings config;

    public TaskPlans(TrainerSettings config) {
        this.config = config;
    }

    /** The plan for {@code request}; throws {@link PlanException} naming the field at fault. */
    public TaskPlan of(TaskRequest request) {
        TaskType type = switch (request.taskType()) {
            case CLASSIFICATION -> TaskType.CLASSIFICATION;
            case EXTRACTIVE_QA -> TaskType.EXTRACTIVE_QA;
            case MULTIPLE_CHOICE -> TaskType.MULTIPLE_CHOICE;
            case GENERATION -> throw new PlanException("taskType",
                    "generation needs a generative student; the encoder trainer handles classification, extractive-qa and multiple-choice");
        };
        TrainingSettings t = request.training();
        EvaluationSettings e = request.evaluation();
        var d = config.defaults();
        int maxSeq = or(t == null ? null : t.maxSeqLength(), d.maxSeqLength());
        List<String> labels = request.labels() == null ? List.of() : request.labels();
        TaskSpec spec;
        try {
            spec = TaskSpec.infer(type, labels, request.inputFields()).withMaxSeqLength(Math.max(16, Math.min(512, maxSeq)));
        } catch (IllegalArgumentException ex) {
            throw new PlanException(type == TaskType.CLASSIFICATION ? "labels" : "examples", ex.getMessage());
        }
        Path evalSet = e == null || e.evalSetPath() == null || e.evalSetPath().isBlank()
                ? null : EvalPaths.resolve(Path.of(config.evalRoot()), e.evalSetPath());
        return new TaskPlan(request, spec,
                t == null || t.studentModel() == null ? d.studentModel() : t.studentModel(),
                Math.max(1, or(t == null ? null : t.epochs(), d.epochs())),
                Math.max(1, or(t == null ? null : t.batchSize(), d.batchSize())),
                t == null || t.learningRate() == null ? d.learningRate() : t.learningRate(),
                Math.max(0, or(t == null ? null : t.maxSteps(), d.maxSteps())),
                evalSet,
                e == null || e.heldOutFraction() == null ? d.heldOutFraction() : e.heldOutFraction(),
                Math.max(1, or(e == null ? null : e.maxEvalExamples(), d.maxEvalExamples())),
                e == null || e.fewShotBaseline() == null ? d.fewShotBaseline() : e.fewShotBaseline());
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
