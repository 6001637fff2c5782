package io.rebase.contracts;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one task-id rule of every service: 1-64 characters of letters, digits, {@code .}, {@code _} and {@code -},
 * starting with a letter or digit and holding no {@code ..}. Services name folders and files after task ids, so an id
 * that passes here can never name {@code .}, {@code ..} or a hidden entry, and {@link #folder} confines it to its root.
 */
public final class TaskIds {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private TaskIds() {
    }

    /** Why {@code id} is not a valid task id, or empty when it is. */
    public static Optional<String> problem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of("is empty");
        }
        if (id.length() > TaskLimits.MAX_TASK_ID_LENGTH) {
            return Optional.of("longer than " + TaskLimits.MAX_TASK_ID_LENGTH + " characters");
        }
        if (!ALLOWED.matcher(id).matches()) {
            return Optional.of("must start with a letter or digit and hold only letters, digits, '.', '_' and '-'");
        }
        if (id.contains("..")) {
            return Optional.of("must not contain '..'");
        }
        return Optional.empty();
    }

    /** Whether {@code id} follows the rule. */
    public static boolean isValid(String id) {
        return problem(id).isEmpty();
    }

    /** {@code id} itself, or an {@link IllegalArgumentException} naming what is wrong with it. */
    public static String require(String id) {
        problem(id).ifPresent(p -> {
            throw new IllegalArgumentException("task id '" + abbreviate(id) + "' " + p);
        });
        return id;
    }

    /** A fresh id that follows the rule. */
    public static String newId() {
        return "task-" + UUID.randomUUID();
    }

    /**
     * The folder of task {@code id} directly under {@code root}. The id is checked first, and the resolved path is
     * checked to stay a direct child of the root, so no id reaches a parent or sibling folder.
     */
    public static Path folder(Path root, String id) {
        require(id);
        Path base = root.toAbsolutePath().normalize();
        Path dir = base.resolve(id).normalize();
        if (!base.equals(dir.getParent())) {
            throw new IllegalArgumentException("task id '" + id + "' does not name a folder inside " + base);
        }
        return dir;
    }

    private static String abbreviate(String id) {
        return id == null ? "null" : id.length() <= 80 ? id : id.substring(0, 80) + "...";
    }
}
