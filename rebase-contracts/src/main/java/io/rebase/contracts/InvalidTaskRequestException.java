package io.rebase.contracts;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a task request cannot be parsed or breaks a rule; every violation names its field. */
public class InvalidTaskRequestException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidTaskRequestException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The field of the first violation, the one reported in FAILED events. */
    public String firstField() {
        return violations.isEmpty() ? null : violations.get(0).field();
    }
}
