package io.rebase.student.data;

import io.rebase.contracts.TaskType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which input fields play which role.
 *
 * <ul>
 *   <li>classification: {@code first} is the text, {@code second} the optional pair text (segment 1);
 *   <li>extractive QA: {@code first} is the question, {@code second} the context;
 *   <li>multiple choice: {@code first} is the question, {@code second} an optional context
 *       prepended to it, {@code choices} the {@code "(A) .. (B) .."} string.
 * </ul>
 *
 * @param first   primary field name (never null)
 * @param second  secondary field name, or null
 * @param choices choices field name (multiple choice only), or null
 */
public record FieldRoles(String first, String second, String choices) {

    private static final List<String> QUESTION_NAMES = List.of("question", "query", "goal", "prompt");
    private static final List<String> CONTEXT_NAMES = List.of("context", "passage", "paragraph", "document", "fact", "article", "support");
    private static final List<String> CHOICE_NAMES = List.of("choices", "options", "candidates");
    private static final List<String> FIRST_OF_PAIR = List.of("premise", "sentence1", "question1", "text1", "text_a", "claim", "sentence", "text");
    private static final List<String> SECOND_OF_PAIR = List.of("hypothesis", "sentence2", "question2", "text2", "text_b", "evidence");

    /**
     * Infers roles from field names with common dataset conventions; for classification falls back to
     * the first one or two fields in their given order.
     */
    public static FieldRoles infer(TaskType type, Collection<String> fieldNames) {
        List<String> fields = new ArrayList<>(fieldNames);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("no input fields");
        }
        return switch (type) {
            case EXTRACTIVE_QA -> new FieldRoles(
                    pick(fields, QUESTION_NAMES, fields.get(0)), pick(fields, CONTEXT_NAMES, fields.get(fields.size() - 1)), null);
            case MULTIPLE_CHOICE -> new FieldRoles(
                    pick(fields, QUESTION_NAMES, fields.get(0)), pick(fields, CONTEXT_NAMES, null), pick(fields, CHOICE_NAMES, "choices"));
            case CLASSIFICATION -> {
                String second = pick(fields, SECOND_OF_PAIR, null);
                String first = pick(fields, FIRST_OF_PAIR, null);
                if (first == null || first.equals(second)) {
                    first = fields.stream().filter(f -> !f.equals(second)).findFirst().orElse(fields.get(0));
                }
                if (second == null && fields.size() == 2 && !FIRST_OF_PAIR.contains(first)) {
                    String other = fields.get(0).equals(first) ? fields.get(1) : fields.get(0);
                    yield new FieldRoles(first, other, null);
                }
                yield new FieldRoles(first, second, null);
            }
            case GENERATION -> throw new IllegalArgumentException(
                    "an encoder student cannot learn generation; it needs a decoder student");
        };
    }

    private static String pick(List<String> fields, List<String> preferred, String fallback) {
        for (String p : preferred) {
            for (String f : fields) {
                if (f.equalsIgnoreCase(p)) {
                    return f;
                }
            }
        }
        return fallback;
    }
}
