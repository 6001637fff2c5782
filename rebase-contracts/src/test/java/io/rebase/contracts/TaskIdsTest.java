package io.rebase.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskIdsTest {

    @Test
    void idsThatCouldNameAParentOrHiddenEntryAreRefused() {
        for (String bad : new String[] {".", "..", ".hidden", "a..b", "-x", "_x", "a/b", "a\\b", "", "x".repeat(65), "é"}) {
            assertThat(TaskIds.isValid(bad)).as(bad).isFalse();
            assertThat(TaskIds.problem(bad)).as(bad).isPresent();
        }
        assertThat(TaskIds.isValid(null)).isFalse();
    }

    @Test
    void ordinaryIdsPass() {
        for (String good : new String[] {"sentiment", "t1", "mnli-nli.v2", "A_b-c.d", "x".repeat(64), TaskIds.newId()}) {
            assertThat(TaskIds.isValid(good)).as(good).isTrue();
        }
    }

    @Test
    void folderStaysADirectChildOfItsRoot(@TempDir Path root) {
        assertThat(TaskIds.folder(root, "task-1")).isEqualTo(root.toAbsolutePath().normalize().resolve("task-1"));
        assertThatThrownBy(() -> TaskIds.folder(root, "..")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("..");
        assertThatThrownBy(() -> TaskIds.folder(root, ".")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theValidatorAndTheJsonSchemaUseTheRule() {
        String json = """
                {"taskId": "..", "instruction": "x", "taskType": "classification", "labels": ["a", "b"],
                 "examples": [{"input": {"text": "hi"}, "output": "a"}]}""";
        assertThatThrownBy(() -> TaskRequestParser.parse(json)).isInstanceOf(InvalidTaskRequestException.class)
                .hasMessageContaining("taskId");
    }
}
