package io.rebase.transformer.service;

import io.rebase.contracts.Choices;
import io.rebase.contracts.TaskLimits;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestValidator;
import io.rebase.transformer.domain.RejectReasons;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a candidate example against its task and puts it in canonical form, whichever mode made it:
 * every input field present and non-empty, lengths within the task limits, and an output that the task
 * type admits (a label of the set, a span of the context, an option letter, non-empty text). Nothing an
 * LLM returns is trusted without passing here.
 */
public final class ExampleValidator {

    /** The result: either a canonical example or a rejection. */
    public record Result(Map<String, String> input, String output, String rationale, String reason, String message) {
        public boolean valid() {
            return reason == null;
        }

        static Result reject(String reason, String message) {
            return new Result(null, null, null, reason, message);
        }
    }

    private ExampleValidator() {
    }

    /** The canonical example made of {@code input}, {@code output} and {@code rationale} for {@code task}, or the rejection. */
    public static Result validate(TaskRequest task, Map<String, String> input, String output, String rationale) {
        Map<String, String> canonical = new LinkedHashMap<>();
        for (String field : task.inputFields()) {
            String text = input == null ? null : input.get(field);
            if (text == null || text.isBlank()) {
                return Result.reject(RejectReasons.MISSING_FIELD, "input field '" + field + "' is missing or empty");
            }
            if (text.length() > TaskLimits.MAX_FIELD_TEXT_LENGTH) {
                return Result.reject(RejectReasons.TOO_LONG, "input field '" + field + "' is longer than "
                        + TaskLimits.MAX_FIELD_TEXT_LENGTH + " characters");
            }
            canonical.put(field, text.strip());
        }
        if (output == null || output.isBlank()) {
            return Result.reject(RejectReasons.EMPTY_OUTPUT, "the output is empty");
        }
        if (output.length() > TaskLimits.MAX_OUTPUT_LENGTH) {
            return Result.reject(RejectReasons.TOO_LONG, "the output is longer than " + TaskLimits.MAX_OUTPUT_LENGTH + " characters");
        }
        String why = rationale == null ? "" : rationale.strip();
        if (why.length() > TaskLimits.MAX_RATIONALE_LENGTH) {
            // a long human rationale is cut, not invented or dropped: its start carries the reasoning
            why = why.substring(0, TaskLimits.MAX_RATIONALE_LENGTH);
        }
        return checkOutput(task, canonical, output.strip(), why);
    }

    /** The output in the form the task type admits (the label's spelling, the span, the letter), or the rejection. */
    private static Result checkOutput(TaskRequest task, Map<String, String> canonical, String output, String why) {
        String out = output;
        switch (task.taskType()) {
            case CLASSIFICATION -> {
                String label = canonicalLabel(task.labels(), out);
                if (label == null) {
                    return Result.reject(RejectReasons.LABEL_NOT_IN_SET, "'" + abbreviate(out) + "' is not one of " + task.labels());
                }
                out = label;
            }
            case EXTRACTIVE_QA -> {
                String context = TaskRequestValidator.contextOf(canonical);
                if (context == null) {
                    return Result.reject(RejectReasons.MISSING_FIELD, "the task has no 'context' or 'passage' field");
                }
                String span = spanOf(context, out);
                if (span == null) {
                    return Result.reject(RejectReasons.ANSWER_NOT_IN_CONTEXT, "'" + abbreviate(out) + "' is not a span of the context");
                }
                out = span;
            }
            case MULTIPLE_CHOICE -> {
                String choices = canonical.get("choices");
                if (choices == null) {
                    return Result.reject(RejectReasons.MISSING_FIELD, "the task has no 'choices' field");
                }
                String letter = Choices.answerLetter(choices, out);
                if (letter == null) {
                    return Result.reject(RejectReasons.ANSWER_NOT_AN_OPTION, "'" + abbreviate(out) + "' is not one of the options "
                            + Choices.letters(choices));
                }
                out = letter;
            }
            case GENERATION -> {
                // any non-empty text is a valid target; code must at least have closed brackets and strings
                String broken = CodeShape.codeTask(task) ? CodeShape.problem(out) : null;
                if (broken != null) {
                    return Result.reject(RejectReasons.UNPARSABLE_CODE, "the code does not parse: " + broken);
                }
            }
        }
        return new Result(canonical, out, why, null, null);
    }

    /** The task label equal to {@code value} up to case and whitespace, or null. */
    public static String canonicalLabel(List<String> labels, String value) {
        if (labels == null || value == null) {
            return null;
        }
        String key = TaskRequestValidator.normalise(value);
        for (String label : labels) {
            if (TaskRequestValidator.normalise(label).equals(key)) {
                return label;
            }
        }
        return null;
    }

    /**
     * The exact text of {@code answer} in {@code context}: verbatim, else with any whitespace runs matched
     * flexibly (the span returned is the context's own text, so that start offsets stay exact), else null.
     */
    public static String spanOf(String context, String answer) {
        String a = answer.strip();
        if (a.isEmpty()) {
            return null;
        }
        if (context.contains(a)) {
            return a;
        }
        String[] tokens = a.split("\\s+");
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                regex.append("\\s+");
            }
            regex.append(Pattern.quote(tokens[i]));
        }
        Matcher m = Pattern.compile(regex.toString()).matcher(context);
        return m.find() ? m.group() : null;
    }

    static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
