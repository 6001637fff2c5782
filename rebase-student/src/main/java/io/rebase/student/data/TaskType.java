package io.rebase.student.data;

/** The task families an encoder student can learn. */
public enum TaskType {
    /** Single text or text pair to one of a fixed label set. */
    CLASSIFICATION("classification"),
    /** Answer is a span of a context passage. */
    EXTRACTIVE_QA("extractive-qa"),
    /** Pick one of lettered options. */
    MULTIPLE_CHOICE("multiple-choice");

    private final String wireName;

    TaskType(String wireName) {
        this.wireName = wireName;
    }

    /** The external name, e.g. {@code extractive-qa}. */
    public String wireName() {
        return wireName;
    }

    /** Parses {@code classification | extractive-qa | multiple-choice} (case and {@code _}/{@code -} insensitive). */
    public static TaskType parse(String s) {
        String n = s.trim().toLowerCase().replace('_', '-');
        for (TaskType t : values()) {
            if (t.wireName.equals(n)) {
                return t;
            }
        }
        return switch (n) {
            case "qa", "extractive", "span" -> EXTRACTIVE_QA;
            case "mc", "multiple-choices", "choice" -> MULTIPLE_CHOICE;
            case "nli", "sentiment", "classify" -> CLASSIFICATION;
            default -> throw new IllegalArgumentException("unknown task type: " + s);
        };
    }
}
