package io.rebase.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of task a student can be trained for. */
public enum TaskType {
    CLASSIFICATION("classification"),
    EXTRACTIVE_QA("extractive-qa"),
    MULTIPLE_CHOICE("multiple-choice"),
    GENERATION("generation");

    private final String wireName;

    TaskType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses the wire name ("extractive-qa"); also accepts the enum name, case-insensitively. */
    public static Optional<TaskType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        return Arrays.stream(values())
                .filter(t -> t.wireName.equalsIgnoreCase(v) || t.name().equalsIgnoreCase(v))
                .findFirst();
    }

    @JsonCreator
    static TaskType fromJson(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException(
                "unknown task type '" + value + "', expected one of " + wireNames()));
    }

    /** The accepted wire names, comma-separated, for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(TaskType::wireName).collect(Collectors.joining(", "));
    }
}
