package io.rebase.student.decoder;

/**
 * The text a generative student learns: the rationale followed by one fixed answer line when the example has a
 * rationale (chain-of-thought distillation), the answer alone otherwise or when training answer-only.
 */
public final class CotTarget {

    /** Opens the answer line; {@link #answer} finds it again in generated text. */
    public static final String ANSWER_PREFIX = "So the answer is ";

    private CotTarget() {}

    /** The target text for {@code rationale} (may be null or blank) and {@code answer}. */
    public static String text(String rationale, String answer, boolean answerOnly) {
        if (answerOnly || rationale == null || rationale.isBlank()) {
            return answer;
        }
        return rationale.strip() + " " + ANSWER_PREFIX + answer + ".";
    }

    /** The answer of a generated text: after the last answer line's prefix (final period dropped), else the text. */
    public static String answer(String generated) {
        int at = generated.lastIndexOf(ANSWER_PREFIX);
        String tail = at < 0 ? generated : generated.substring(at + ANSWER_PREFIX.length());
        tail = tail.strip();
        int newline = tail.indexOf('\n');
        if (newline >= 0) {
            tail = tail.substring(0, newline).strip();
        }
        return tail.endsWith(".") ? tail.substring(0, tail.length() - 1) : tail;
    }
}
