package io.rebase.trainer.files;

import io.rebase.contracts.TaskIds;
import io.rebase.student.train.StudentTrainer;
import io.rebase.trainer.config.TrainerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one owner of task folder naming under {@code rebase.trainer.data-dir}: {@code <task>/checkpoints/step-N}
 * (resumable checkpoints, only the latest kept), {@code <task>/best-N} (the best model, only the latest kept) and
 * {@code <task>/report.{json,html}}. A task's folder is resolved by {@link TaskIds#folder}, so it stays inside the
 * data folder whatever the id.
 */
@ApplicationScoped
public class TaskFolders {

    private static final Logger LOG = Logger.getLogger(TaskFolders.class);

    private final Path root;

    @Inject
    public TaskFolders(TrainerSettings settings) {
        this(Path.of(settings.dataDir()));
    }

    public TaskFolders(Path root) {
        this.root = root;
    }

    /** The folder of a task's checkpoints and reports. */
    public Path task(String taskId) {
        return TaskIds.folder(root, taskId);
    }

    /** The resumable checkpoint at {@code step}. */
    public Path checkpoint(String taskId, int step) {
        return checkpoints(taskId).resolve("step-" + step);
    }

    /** The best model, saved at {@code step}. */
    public Path best(String taskId, int step) {
        return task(taskId).resolve("best-" + step);
    }

    /** The few-shot student, saved when it is the model served. */
    public Path fewShot(String taskId) {
        return task(taskId).resolve("few-shot");
    }

    /** The JSON report. */
    public Path reportJson(String taskId) {
        return task(taskId).resolve("report.json");
    }

    /** The HTML report. */
    public Path reportHtml(String taskId) {
        return task(taskId).resolve("report.html");
    }

    /** Deletes every checkpoint of the task but {@code kept}. */
    public void keepOnlyCheckpoint(String taskId, Path kept) {
        try (Stream<Path> old = Files.list(checkpoints(taskId))) {
            old.filter(p -> !p.equals(kept)).forEach(TaskFolders::deleteTree);
        } catch (IOException e) {
            LOG.warnf("cannot clean old checkpoints of %s: %s", taskId, e.getMessage());
        }
    }

    /** A completed task trains no more: its optimiser moments (twice the model's size) only took disk space. */
    public static void dropOptimizerState(String taskId, String checkpointPath) {
        if (checkpointPath != null) {
            try {
                Files.deleteIfExists(Path.of(checkpointPath).resolve(StudentTrainer.OPTIMIZER_FILE));
            } catch (IOException e) {
                LOG.warnf("cannot remove the optimiser state of %s: %s", taskId, e.getMessage());
            }
        }
    }

    /** Deletes a folder and everything in it; a failure is logged, not thrown (only disk space is at stake). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("cannot delete %s: %s", dir, e.getMessage());
        }
    }

    private Path checkpoints(String taskId) {
        return task(taskId).resolve("checkpoints");
    }
}
