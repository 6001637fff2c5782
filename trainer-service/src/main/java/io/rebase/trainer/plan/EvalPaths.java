package io.rebase.trainer.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves evaluation-set paths from task requests against the configured root and refuses anything outside it
 * ({@code ..}, absolute paths elsewhere, symbolic links pointing out): requests come from users.
 */
public final class EvalPaths {

    /** The request field evaluation-set problems are reported on. */
    public static final String FIELD = "evaluation.evalSetPath";

    private EvalPaths() {
    }

    /** The readable file {@code path} names inside {@code root}. */
    public static Path resolve(Path root, String path) {
        Path base;
        Path candidate;
        try {
            base = root.toAbsolutePath().normalize();
            candidate = base.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw new PlanException(FIELD, "not a valid path: " + e.getMessage());
        }
        if (!candidate.startsWith(base)) {
            throw new PlanException(FIELD, "path '" + path + "' leaves the evaluation root");
        }
        if (!Files.isRegularFile(candidate)) {
            throw new PlanException(FIELD, "no such evaluation file '" + path + "'");
        }
        try {
            if (!candidate.toRealPath().startsWith(base.toRealPath())) {
                throw new PlanException(FIELD, "path '" + path + "' leaves the evaluation root");
            }
        } catch (IOException e) {
            throw new PlanException(FIELD, "cannot read '" + path + "': " + e.getMessage());
        }
        return candidate;
    }
}
