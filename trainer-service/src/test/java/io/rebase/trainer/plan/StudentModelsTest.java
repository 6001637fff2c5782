package io.rebase.trainer.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Student models only from the bundled encoders or the models root, on a real file system: every escape attempt is
 * a {@link PlanException} naming {@code training.studentModel} (the task's FAILED event), before anything is read.
 */
class StudentModelsTest {

    @TempDir
    Path dir;

    @Test
    void bundledNamesResolveWithOrWithoutARoot() {
        assertThat(new StudentModels(Optional.empty()).resolve(" All-MiniLM-L6-v2 ")).isEqualTo("all-minilm-l6-v2");
        assertThat(new StudentModels(Optional.of(dir)).resolve("bge-small-en-v15")).isEqualTo("bge-small-en-v15");
    }

    @Test
    void withoutARootNoFolderIsAccepted() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("my-model"));
        assertRefused(new StudentModels(Optional.empty()), folder.toString(), "rebase.trainer.models-root is not set");
        assertRefused(new StudentModels(Optional.empty()), "/etc", "rebase.trainer.models-root is not set");
    }

    @Test
    void aFolderInsideTheRootResolvesToItsRealPathByRelativeOrAbsoluteName() throws Exception {
        Path root = Files.createDirectories(dir.resolve("models"));
        Path model = Files.createDirectories(root.resolve("SmolLM2"));
        Files.writeString(model.resolve("config.json"), "{}");
        StudentModels students = new StudentModels(Optional.of(root));
        assertThat(students.resolve("SmolLM2")).isEqualTo(model.toRealPath().toString());
        assertThat(students.resolve(model.toString())).isEqualTo(model.toRealPath().toString());
        // a link that stays inside the root is followed
        Files.createSymbolicLink(root.resolve("alias"), model);
        assertThat(students.resolve("alias")).isEqualTo(model.toRealPath().toString());
    }

    @Test
    void everyEscapeIsRefusedNamingTheField() throws Exception {
        Path root = Files.createDirectories(dir.resolve("models"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("config.json"), "{\"model_type\":\"llama\"}");
        Files.createSymbolicLink(root.resolve("linked-out"), outside);
        Path mixed = Files.createDirectories(root.resolve("mixed"));
        Files.createSymbolicLink(mixed.resolve("model.safetensors"), outside.resolve("config.json"));
        StudentModels students = new StudentModels(Optional.of(root));

        assertRefused(students, "../outside", "leaves the models root");
        assertRefused(students, outside.toString(), "leaves the models root");
        assertRefused(students, "/etc", "leaves the models root");
        assertRefused(students, ".", "leaves the models root");
        assertRefused(students, "linked-out", "leaves the models root");
        assertRefused(students, "mixed", "mixed/model.safetensors");
        assertRefused(students, "no-such-model", "no model folder 'no-such-model'");
        assertRefused(students, "bad\0name", "not a valid path");
    }

    private static void assertRefused(StudentModels students, String value, String message) {
        assertThatThrownBy(() -> students.resolve(value)).isInstanceOf(PlanException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((PlanException) e).field()).isEqualTo("training.studentModel"));
    }
}
