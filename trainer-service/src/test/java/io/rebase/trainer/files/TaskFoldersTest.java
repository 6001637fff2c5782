package io.rebase.trainer.files;

import io.rebase.student.train.StudentTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task folders are named in one place, stay under the data folder, and keep only the latest checkpoint. */
class TaskFoldersTest {

    @Test
    void namesEveryFileOfATaskUnderItsFolder(@TempDir Path root) {
        TaskFolders folders = new TaskFolders(root);
        Path task = root.toAbsolutePath().normalize().resolve("sentiment-1");
        assertThat(folders.task("sentiment-1")).isEqualTo(task);
        assertThat(folders.checkpoint("sentiment-1", 12)).isEqualTo(task.resolve("checkpoints/step-12"));
        assertThat(folders.best("sentiment-1", 8)).isEqualTo(task.resolve("best-8"));
        assertThat(folders.reportJson("sentiment-1")).isEqualTo(task.resolve("report.json"));
        assertThat(folders.reportHtml("sentiment-1")).isEqualTo(task.resolve("report.html"));
    }

    @Test
    void refusesIdsThatLeaveTheDataFolder(@TempDir Path root) {
        TaskFolders folders = new TaskFolders(root);
        for (String bad : new String[] {"..", ".hidden", "a/../../b", "a/b"}) {
            assertThatThrownBy(() -> folders.task(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void keepsOnlyTheLatestCheckpointAndDropsTheOptimiserStateOnCompletion(@TempDir Path root) throws IOException {
        TaskFolders folders = new TaskFolders(root);
        Path old = Files.createDirectories(folders.checkpoint("t", 4));
        Files.writeString(old.resolve("model.safetensors"), "x");
        Path latest = Files.createDirectories(folders.checkpoint("t", 8));
        Files.writeString(latest.resolve(StudentTrainer.OPTIMIZER_FILE), "moments");
        Files.writeString(latest.resolve("model.safetensors"), "x");

        folders.keepOnlyCheckpoint("t", latest);
        assertThat(old).doesNotExist();
        assertThat(latest.resolve("model.safetensors")).exists();

        TaskFolders.dropOptimizerState("t", latest.toString());
        assertThat(latest.resolve(StudentTrainer.OPTIMIZER_FILE)).doesNotExist();
        assertThat(latest.resolve("model.safetensors")).exists();
    }
}
