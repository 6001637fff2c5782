package io.rebase.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskFilesTest {

    @Test
    void bundledTaskFilesAreValidAndGetATaskId() {
        assertThat(TaskFiles.read(Path.of("../samples/tasks/sentiment.json")).taskId()).startsWith("task-");
    }

    @Test
    void badTaskFileIsRefusedBeforeAnythingIsSentNamingTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                {"instruction":"Classify","taskType":"classification","labels":["a","b"],
                 "examples":[{"input":{"text":"x"},"output":"c"}]}""");
        assertThatThrownBy(() -> TaskFiles.read(file))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("examples[0].output")
                .hasMessageContaining("is not one of labels");
    }

    @Test
    void missingTaskFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> TaskFiles.read(dir.resolve("nope.json")))
                .isInstanceOf(CliException.class).hasMessageContaining("cannot read task file");
    }
}
