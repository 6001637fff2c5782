package io.rebase.trainer.plan;

import io.rebase.contracts.EvaluationSettings;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TrainingSettings;
import io.rebase.student.data.TaskSpec;
import io.rebase.contracts.TaskType;
import io.rebase.trainer.config.TrainerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;

/**
 * Turns task requests into {@link TaskPlan}s, refusing what the student cannot do with a named field. A generation
 * task needs a decoder student ({@code training.studentModel}: a Llama / Qwen2 / Mistral folder); any task may
 * choose one. Student models come only from the bundled encoders or the models root ({@link StudentModels}).
 */
@ApplicationScoped
public class TaskPlans {

    private static final Logger LOG = Logger.getLogger(TaskPlans.class);

    private final TrainerSettings config;
    private final BatchBudget budget;
    private final StudentModels students;

    public TaskPlans(TrainerSettings config) {
        this.config = config;
        this.budget = new BatchBudget(config.maxBatchTokens());
        this.students = new StudentModels(config.modelsRoot().filter(r -> !r.isBlank()).map(Path::of));
    }

    /** The plan for {@code request}; throws {@link PlanException} naming the field at fault. */
    public TaskPlan of(TaskRequest request) {
        TrainingSettings t = request.training();
        EvaluationSettings e = request.evaluation();
        var d = config.defaults();
        String student = students.resolve(t == null || t.studentModel() == null ? d.studentModel() : t.studentModel());
        TaskSpec spec = null;
        if (request.taskType() == TaskType.GENERATION) {
            if (!io.rebase.trainer.decoder.DecoderFolders.isDecoder(student)) {
                throw new PlanException("training.studentModel", "generation needs a decoder student: a folder whose "
                        + "config.json has model_type llama, qwen2 or mistral, not '" + student + "'");
            }
        } else {
            spec = encoderSpec(request, or(t == null ? null : t.maxSeqLength(), d.maxSeqLength()));
        }
        Path evalSet = e == null || e.evalSetPath() == null || e.evalSetPath().isBlank()
                ? null : EvalPaths.resolve(Path.of(config.evalRoot()), e.evalSetPath());
        int requestedBatch = Math.max(1, or(t == null ? null : t.batchSize(), d.batchSize()));
        // a decoder's sequences are as long as its maxSeqLength or the decoder default (capped later by its context)
        int seqLength = spec != null && !io.rebase.trainer.decoder.DecoderFolders.isDecoder(student) ? spec.maxSeqLength()
                : or(t == null ? null : t.maxSeqLength(), config.decoder().maxLength());
        int batch = budget.batchSize(requestedBatch, seqLength);
        if (batch < requestedBatch) {
            LOG.infof("task %s: batch size %d cut to %d by rebase.trainer.max-batch-tokens=%d at sequence length %d",
                    request.taskId(), requestedBatch, batch, budget.maxTokens(), seqLength);
        }
        return new TaskPlan(request, spec,
                student,
                Math.max(1, or(t == null ? null : t.epochs(), d.epochs())),
                batch,
                t == null || t.learningRate() == null ? d.learningRate() : t.learningRate(),
                Math.max(0, or(t == null ? null : t.maxSteps(), d.maxSteps())),
                evalSet,
                e == null || e.heldOutFraction() == null ? d.heldOutFraction() : e.heldOutFraction(),
                Math.max(1, or(e == null ? null : e.maxEvalExamples(), d.maxEvalExamples())),
                e == null || e.fewShotBaseline() == null ? d.fewShotBaseline() : e.fewShotBaseline());
    }

    private static TaskSpec encoderSpec(TaskRequest request, int maxSeq) {
        TaskType type = request.taskType();
        List<String> labels = request.labels() == null ? List.of() : request.labels();
        try {
            return TaskSpec.infer(type, labels, request.inputFields()).withMaxSeqLength(Math.max(16, Math.min(512, maxSeq)));
        } catch (IllegalArgumentException ex) {
            throw new PlanException(type == TaskType.CLASSIFICATION ? "labels" : "examples", ex.getMessage());
        }
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
