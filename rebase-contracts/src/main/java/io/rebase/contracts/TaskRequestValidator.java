package io.rebase.contracts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules a parsed {@link TaskRequest} must follow; each violation names the field by its JSON path. */
public final class TaskRequestValidator {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Set<String> TRANSFORM_MODES = Set.of("auto", "llm", "mapping");

    private TaskRequestValidator() {
    }

    /** All violations of {@code request} under the operator's {@code caps}, empty when it is admissible. */
    public static List<Violation> validate(TaskRequest request, RequestCaps caps) {
        List<Violation> out = validate(request);
        if (caps != null) {
            validateCaps(request, caps, out);
        }
        return out;
    }

    /** All violations of {@code request}, empty when it is valid. */
    public static List<Violation> validate(TaskRequest request) {
        List<Violation> out = new ArrayList<>();
        if (request.taskId() != null) {
            TaskIds.problem(request.taskId()).ifPresent(p -> out.add(new Violation("taskId", p)));
        }
        if (request.instruction() == null || request.instruction().isBlank()) {
            out.add(new Violation("instruction", "is required"));
        } else if (request.instruction().length() > TaskLimits.MAX_INSTRUCTION_LENGTH) {
            out.add(new Violation("instruction", "is " + request.instruction().length()
                    + " characters long; the limit is " + TaskLimits.MAX_INSTRUCTION_LENGTH));
        }
        if (request.taskType() == null) {
            out.add(new Violation("taskType", "is required: one of " + TaskType.wireNames()));
        }
        validateLabels(request, out);
        validateExamples(request, out);
        validateSettings(request, out);
        return out;
    }

    private static void validateLabels(TaskRequest request, List<Violation> out) {
        List<String> labels = request.labels();
        if (request.taskType() == TaskType.CLASSIFICATION && (labels == null || labels.size() < 2)) {
            out.add(new Violation("labels", "a classification task needs at least two labels"));
            return;
        }
        if (labels == null) {
            return;
        }
        if (labels.size() > TaskLimits.MAX_LABELS) {
            out.add(new Violation("labels", "more than " + TaskLimits.MAX_LABELS + " labels"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            String path = "labels[" + i + "]";
            if (label == null || label.isBlank()) {
                out.add(new Violation(path, "is empty"));
            } else if (label.length() > TaskLimits.MAX_LABEL_LENGTH) {
                out.add(new Violation(path, "longer than " + TaskLimits.MAX_LABEL_LENGTH + " characters"));
            } else if (!seen.add(normalise(label))) {
                out.add(new Violation(path, "duplicate label '" + label + "'"));
            }
        }
    }

    private static void validateExamples(TaskRequest request, List<Violation> out) {
        List<TaskExample> examples = request.examples();
        if (examples == null || examples.isEmpty()) {
            out.add(new Violation("examples", "at least one example is required"));
            return;
        }
        if (examples.size() > TaskLimits.MAX_EXAMPLES) {
            out.add(new Violation("examples", "more than " + TaskLimits.MAX_EXAMPLES + " examples"));
            return;
        }
        Set<String> firstFields = null;
        for (int i = 0; i < examples.size(); i++) {
            TaskExample example = examples.get(i);
            String path = "examples[" + i + "]";
            if (example == null) {
                out.add(new Violation(path, "is null"));
                continue;
            }
            if (example.input() == null || example.input().isEmpty()) {
                out.add(new Violation(path + ".input", "needs at least one field"));
            } else {
                validateInput(path + ".input", example.input(), out);
                if (firstFields == null) {
                    firstFields = example.input().keySet();
                } else if (!firstFields.equals(example.input().keySet())) {
                    out.add(new Violation(path + ".input", "has fields " + example.input().keySet()
                            + " but examples[0] has " + firstFields));
                }
            }
            if (example.output() == null || example.output().isBlank()) {
                out.add(new Violation(path + ".output", "is required"));
            } else if (example.output().length() > TaskLimits.MAX_OUTPUT_LENGTH) {
                out.add(new Violation(path + ".output", "longer than " + TaskLimits.MAX_OUTPUT_LENGTH + " characters"));
            } else if (example.input() != null) {
                validateOutputForType(request, example, path + ".output", out);
            }
            if (example.rationale() != null && example.rationale().length() > TaskLimits.MAX_RATIONALE_LENGTH) {
                out.add(new Violation(path + ".rationale", "longer than " + TaskLimits.MAX_RATIONALE_LENGTH + " characters"));
            }
        }
    }

    private static void validateInput(String path, Map<String, String> input, List<Violation> out) {
        if (input.size() > TaskLimits.MAX_FIELDS) {
            out.add(new Violation(path, "more than " + TaskLimits.MAX_FIELDS + " fields"));
            return;
        }
        for (Map.Entry<String, String> field : input.entrySet()) {
            String name = field.getKey();
            if (name.length() > TaskLimits.MAX_FIELD_NAME_LENGTH || !FIELD_NAME.matcher(name).matches()) {
                out.add(new Violation(path, "field name '" + abbreviate(name)
                        + "' must start with a letter and hold only letters, digits and '_' (at most "
                        + TaskLimits.MAX_FIELD_NAME_LENGTH + ")"));
            } else if (field.getValue() == null || field.getValue().isBlank()) {
                out.add(new Violation(path + "." + name, "is empty"));
            } else if (field.getValue().length() > TaskLimits.MAX_FIELD_TEXT_LENGTH) {
                out.add(new Violation(path + "." + name, "longer than " + TaskLimits.MAX_FIELD_TEXT_LENGTH + " characters"));
            }
        }
    }

    private static void validateOutputForType(TaskRequest request, TaskExample example, String path, List<Violation> out) {
        if (request.taskType() == null) {
            return;
        }
        switch (request.taskType()) {
            case CLASSIFICATION -> {
                if (request.labels() != null && request.labels().stream().filter(l -> l != null)
                        .noneMatch(l -> normalise(l).equals(normalise(example.output())))) {
                    out.add(new Violation(path, "'" + abbreviate(example.output()) + "' is not one of labels " + request.labels()));
                }
            }
            case EXTRACTIVE_QA -> {
                String context = contextOf(example.input());
                if (context == null) {
                    out.add(new Violation(path.replace(".output", ".input"),
                            "an extractive-qa example needs a 'context' field"));
                } else if (!context.contains(example.output())) {
                    out.add(new Violation(path, "the answer must be a span of the context"));
                }
            }
            case MULTIPLE_CHOICE -> {
                String choices = example.input().get("choices");
                if (choices == null) {
                    out.add(new Violation(path.replace(".output", ".input"),
                            "a multiple-choice example needs a 'choices' field such as \"(A) first (B) second\""));
                } else if (Choices.answerLetter(choices, example.output()) == null) {
                    out.add(new Violation(path, "must name one of the choices " + Choices.letters(choices)
                            + " by letter (\"B\", \"(B)\", \"b.\") or by its text"));
                }
            }
            case GENERATION -> {
                // any non-empty output is a valid generation target
            }
        }
    }

    private static void validateSettings(TaskRequest request, List<Violation> out) {
        RetrievalSettings r = request.retrieval();
        if (r != null) {
            range(out, "retrieval.topRows", r.topRows(), 1, TaskLimits.MAX_TOP_ROWS);
            range(out, "retrieval.maxDatasetShare", r.maxDatasetShare(), 0.001, 1.0);
            range(out, "retrieval.inputWeight", r.inputWeight(), 0.0, 100.0);
            range(out, "retrieval.outputWeight", r.outputWeight(), 0.0, 100.0);
            range(out, "retrieval.descriptionWeight", r.descriptionWeight(), 0.0, 100.0);
            range(out, "retrieval.nearDuplicateThreshold", r.nearDuplicateThreshold(), 0.5, 1.0);
            if (r.excludeDatasets() != null && r.excludeDatasets().size() > TaskLimits.MAX_EXCLUDED_DATASETS) {
                out.add(new Violation("retrieval.excludeDatasets", "more than " + TaskLimits.MAX_EXCLUDED_DATASETS + " names"));
            }
            if (r.decontaminationTexts() != null && r.decontaminationTexts().size() > TaskLimits.MAX_DECONTAMINATION_TEXTS) {
                out.add(new Violation("retrieval.decontaminationTexts", "more than " + TaskLimits.MAX_DECONTAMINATION_TEXTS + " texts"));
            }
            double sum = zero(r.inputWeight()) + zero(r.outputWeight()) + zero(r.descriptionWeight());
            if (r.inputWeight() != null && r.outputWeight() != null && r.descriptionWeight() != null && sum <= 0) {
                out.add(new Violation("retrieval.inputWeight", "the three weights must not all be zero"));
            }
        }
        TransformSettings t = request.transform();
        if (t != null && t.mode() != null && !TRANSFORM_MODES.contains(t.mode())) {
            out.add(new Violation("transform.mode", "'" + abbreviate(t.mode()) + "' is not one of " + TRANSFORM_MODES));
        }
        if (t != null && t.model() != null && (t.model().isBlank() || t.model().length() > 200)) {
            out.add(new Violation("transform.model", "must be a model name of 1 to 200 characters"));
        }
        TrainingSettings s = request.training();
        if (s != null) {
            range(out, "training.epochs", s.epochs(), 1, 50);
            range(out, "training.batchSize", s.batchSize(), 1, 512);
            range(out, "training.maxSeqLength", s.maxSeqLength(), 16, 512);
            range(out, "training.learningRate", s.learningRate(), 1e-7, 1.0);
            range(out, "training.maxSteps", s.maxSteps(), 0, 10_000_000);
            if (s.studentModel() != null && (s.studentModel().isBlank() || s.studentModel().length() > 500)) {
                out.add(new Violation("training.studentModel", "must be a model name or folder of 1 to 500 characters"));
            } else if (s.studentModel() != null && !studentModelShape(s.studentModel())) {
                // what can be told without the trainer's models root; the trainer confines the rest (FAILED)
                out.add(new Violation("training.studentModel", "must be a bundled model name or a folder under the "
                        + "trainer's models root, without '..' segments or control characters"));
            }
        }
        EvaluationSettings e = request.evaluation();
        if (e != null) {
            range(out, "evaluation.heldOutFraction", e.heldOutFraction(), 0.0, 0.5);
            range(out, "evaluation.maxEvalExamples", e.maxEvalExamples(), 1, 1_000_000);
            if (e.evalSetPath() != null && (e.evalSetPath().isBlank() || e.evalSetPath().length() > 1000)) {
                out.add(new Violation("evaluation.evalSetPath", "must be a path of 1 to 1000 characters"));
            }
        }
    }

    private static void validateCaps(TaskRequest request, RequestCaps caps, List<Violation> out) {
        RetrievalSettings r = request.retrieval();
        if (r != null && r.topRows() != null && r.topRows() > caps.maxTopRows()) {
            out.add(new Violation("retrieval.topRows", r.topRows() + " is above this deployment's cap of "
                    + caps.maxTopRows() + " rows (rebase.limits.max-top-rows)"));
        }
        TrainingSettings s = request.training();
        if (s == null) {
            return;
        }
        if (s.epochs() != null && s.epochs() > caps.maxEpochs()) {
            out.add(new Violation("training.epochs", s.epochs() + " is above this deployment's cap of "
                    + caps.maxEpochs() + " epochs (rebase.limits.max-epochs)"));
        }
        if (s.batchSize() != null && s.maxSeqLength() != null
                && (long) s.batchSize() * s.maxSeqLength() > caps.maxBatchTokens()) {
            out.add(new Violation("training.batchSize", "batchSize x maxSeqLength = " + s.batchSize() + " x "
                    + s.maxSeqLength() + " = " + (long) s.batchSize() * s.maxSeqLength() + " tokens is above this "
                    + "deployment's cap of " + caps.maxBatchTokens() + " tokens per batch (rebase.limits.max-batch-tokens)"));
        }
    }

    private static void range(List<Violation> out, String field, Number value, double min, double max) {
        if (value != null && (value.doubleValue() < min || value.doubleValue() > max || Double.isNaN(value.doubleValue()))) {
            out.add(new Violation(field, value + " is outside [" + fmt(min) + ", " + fmt(max) + "]"));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static double zero(Double v) {
        return v == null ? 0 : v;
    }

    /** The context field of an extractive-QA input: {@code context}, else {@code passage}. */
    public static String contextOf(Map<String, String> input) {
        String context = input.get("context");
        return context != null ? context : input.get("passage");
    }

    /** Label comparison key: case-insensitive, trimmed, inner whitespace collapsed. */
    public static String normalise(String label) {
        return label == null ? "" : label.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** A student name or folder path holds no control character and no {@code ..} segment. */
    private static boolean studentModelShape(String value) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            return false;
        }
        for (String segment : value.trim().split("[/\\\\]")) {
            if (segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
