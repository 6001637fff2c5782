package io.rebase.student.data;

import io.rebase.contracts.TaskType;
import java.util.Collection;
import java.util.List;

/**
 * The description of a task a student is trained for.
 *
 * @param type            task family (any but generation, which needs a decoder student)
 * @param labels          label names in logit order (classification only; empty otherwise)
 * @param roles           which input fields form the sequence(s)
 * @param maxSeqLength    longest encoded sequence, special tokens included
 * @param docStride       QA only: tokens of overlap between consecutive context windows
 * @param maxAnswerTokens QA only: longest answer span considered at prediction time
 */
public record TaskSpec(
        TaskType type, List<String> labels, FieldRoles roles, int maxSeqLength, int docStride, int maxAnswerTokens) {

    public TaskSpec {
        labels = List.copyOf(labels);
        if (type == TaskType.GENERATION) {
            throw new IllegalArgumentException("an encoder student cannot learn generation; it needs a decoder student");
        }
        if (type == TaskType.CLASSIFICATION && labels.size() < 2) {
            throw new IllegalArgumentException("classification needs at least two labels");
        }
        if (maxSeqLength < 16 || maxSeqLength > 512) {
            throw new IllegalArgumentException("maxSeqLength must be in [16, 512]: " + maxSeqLength);
        }
    }

    /** Classification over {@code labels} reading the given fields, 128 tokens. */
    public static TaskSpec classification(List<String> labels, FieldRoles roles) {
        return new TaskSpec(TaskType.CLASSIFICATION, labels, roles, 128, 0, 0);
    }

    /** Extractive QA on {@code question}/{@code context}: windows of 256 tokens, stride 128, answers up to 30 tokens. */
    public static TaskSpec extractiveQa() {
        return new TaskSpec(TaskType.EXTRACTIVE_QA, List.of(), new FieldRoles("question", "context", null), 256, 128, 30);
    }

    /** Multiple choice on {@code question} (+ optional context) and {@code choices}, 128 tokens. */
    public static TaskSpec multipleChoice(FieldRoles roles) {
        return new TaskSpec(TaskType.MULTIPLE_CHOICE, List.of(), roles, 128, 0, 0);
    }

    /** Builds a spec with roles inferred from the field names of the examples. */
    public static TaskSpec infer(TaskType type, List<String> labels, Collection<String> fieldNames) {
        FieldRoles roles = FieldRoles.infer(type, fieldNames);
        return switch (type) {
            case CLASSIFICATION -> classification(labels, roles);
            case EXTRACTIVE_QA -> new TaskSpec(type, List.of(), roles, 256, 128, 30);
            case MULTIPLE_CHOICE -> multipleChoice(roles);
            case GENERATION -> throw new IllegalArgumentException(
                    "an encoder student cannot learn generation; it needs a decoder student");
        };
    }

    /** A copy with another maximum sequence length. */
    public TaskSpec withMaxSeqLength(int length) {
        return new TaskSpec(type, labels, roles, length, Math.min(docStride, length / 2), maxAnswerTokens);
    }
}
