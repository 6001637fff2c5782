package io.rebase.transformer.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rebase.contracts.TaskExample;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskType;
import io.rebase.transformer.domain.RejectReasons;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The cheap parse check of code targets: garbled code is rejected, every sample CoNaLa snippet passes. */
class CodeShapeTest {

    static TaskRequest codeTask() {
        return new TaskRequest("t", "Write Python code for the intent.", TaskType.GENERATION, null,
                List.of(new TaskExample(Map.of("intent", "i"), "x", null)), null, null, null, null);
    }

    @Test
    void unclosedBracketsAndStringsAreNamed() {
        assertThat(CodeShape.problem("sorted(a, key=len)")).isNull();
        assertThat(CodeShape.problem("print('a)b', \"c]\")  # ) not code")).isNull();
        assertThat(CodeShape.problem("\"\"\"doc ( \"\"\" + x")).isNull();
        assertThat(CodeShape.problem("sorted(a, key=len")).contains("unclosed '('");
        assertThat(CodeShape.problem("a[1)")).contains("unbalanced ')'");
        assertThat(CodeShape.problem("print('hi)")).contains("unclosed string");
    }

    @Test
    void aCodeTaskRejectsGarbledTargetsAndFreeTextTasksDoNot() {
        assertThat(ExampleValidator.validate(codeTask(), Map.of("intent", "i"), "len(x", null).reason())
                .isEqualTo(RejectReasons.UNPARSABLE_CODE);
        TaskRequest prose = new TaskRequest("t", "Answer the question.", TaskType.GENERATION, null,
                List.of(new TaskExample(Map.of("q", "i"), "x", null)), null, null, null, null);
        assertThat(ExampleValidator.validate(prose, Map.of("q", "i"), "it's (probably fine", null).valid()).isTrue();
    }

    @Test
    void everySampleConalaSnippetPasses() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(Path.of("..", "samples", "datastore", "conala", "default.jsonl"));
        assertThat(lines).hasSizeGreaterThan(100);
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            assertThat(CodeShape.problem(n.get("snippet").asText())).as(n.get("snippet").asText()).isNull();
        }
    }
}
