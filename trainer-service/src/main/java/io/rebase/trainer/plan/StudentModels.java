package io.rebase.trainer.plan;

import io.rebase.student.weights.PretrainedEncoders;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a task's student model may come from: a bundled encoder by name, or a folder inside the configured models
 * root ({@code rebase.trainer.models-root}) and nowhere else. A folder is resolved with every symbolic link followed,
 * and it and each entry directly in it (config, weights, tokenizer) must stay inside the root, so a request cannot
 * make the trainer read any other file. Nothing is read here: only names are resolved.
 */
public final class StudentModels {

    /** The request field student problems are reported on. */
    public static final String FIELD = "training.studentModel";

    private final Path root;

    /** @param root the models root, or empty for bundled encoders only */
    public StudentModels(Optional<Path> root) {
        this.root = root.map(r -> r.toAbsolutePath().normalize()).orElse(null);
    }

    /**
     * The student {@code value} names: a bundled encoder's name (lower case), or the real path of a folder inside the
     * models root.
     *
     * @throws PlanException naming {@link #FIELD} when it is neither
     */
    public String resolve(String value) {
        String v = value == null ? "" : value.trim();
        if (PretrainedEncoders.isBuiltIn(v)) {
            return v.toLowerCase(Locale.ROOT);
        }
        if (root == null) {
            throw new PlanException(FIELD, "'" + v + "' is not a bundled student (all-minilm-l6-v2, bge-small-en-v15) "
                    + "and this trainer reads no model folders (rebase.trainer.models-root is not set)");
        }
        Path candidate;
        try {
            candidate = root.resolve(v).normalize();
        } catch (InvalidPathException e) {
            throw new PlanException(FIELD, "not a valid path: " + e.getMessage());
        }
        if (v.isEmpty() || !candidate.startsWith(root) || candidate.equals(root)) {
            throw outside(v);
        }
        if (!Files.isDirectory(candidate)) {
            throw new PlanException(FIELD, "no model folder '" + v + "' under the models root " + root);
        }
        try {
            Path realRoot = root.toRealPath();
            Path real = candidate.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw outside(v);
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(real)) {
                for (Path entry : entries) {
                    if (!entry.toRealPath().startsWith(realRoot)) {
                        throw new PlanException(FIELD, "'" + v + "/" + entry.getFileName()
                                + "' is a symbolic link leading outside the models root " + root);
                    }
                }
            }
            return real.toString();
        } catch (IOException e) {
            throw new PlanException(FIELD, "cannot read the model folder '" + v + "': " + e.getMessage());
        }
    }

    private PlanException outside(String v) {
        return new PlanException(FIELD, "'" + v + "' leaves the models root " + root + " (absolute paths elsewhere, "
                + "'..' and symbolic links leading out are refused)");
    }
}
