package io.rebase.student.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rebase.contracts.Choices;
import io.rebase.contracts.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {

    @TempDir
    Path tmp;

    @Test
    void infersFieldRoles() {
        assertEquals(new FieldRoles("premise", "hypothesis", null),
                FieldRoles.infer(TaskType.CLASSIFICATION, List.of("hypothesis", "premise")));
        assertEquals(new FieldRoles("sentence1", "sentence2", null),
                FieldRoles.infer(TaskType.CLASSIFICATION, List.of("sentence1", "sentence2")));
        assertEquals(new FieldRoles("text", null, null), FieldRoles.infer(TaskType.CLASSIFICATION, List.of("text")));
        assertEquals(new FieldRoles("question", "context", null),
                FieldRoles.infer(TaskType.EXTRACTIVE_QA, List.of("context", "question")));
        FieldRoles mc = FieldRoles.infer(TaskType.MULTIPLE_CHOICE, List.of("question", "choices"));
        assertEquals("question", mc.first());
        assertNull(mc.second());
        assertEquals("choices", mc.choices());
        assertEquals(TaskType.EXTRACTIVE_QA, TaskType.parse("extractive_qa").orElseThrow());
    }

    @Test
    void anEncoderSpecRefusesGenerationWhichNeedsADecoder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskSpec.infer(TaskType.GENERATION, List.of(), List.of("question")));
        assertTrue(e.getMessage().contains("decoder"), e.getMessage());
    }

    @Test
    void parsesChoices() {
        List<Choices.Choice> c = Choices.parse("(A) puppies learning (B) children growing up (C) flowers");
        assertEquals(3, c.size());
        assertEquals(new Choices.Choice("B", "children growing up"), c.get(1));
        assertEquals("C", Choices.letterOf("(c)"));
    }

    @Test
    void readsSquadAnswerShapes() throws IOException {
        Path f = tmp.resolve("s.jsonl");
        Files.writeString(f, """
                {"context": "Paris is in France.", "question": "Where is Paris?", "answers": ["France", "in France"]}
                {"context": "Paris is in France.", "question": "Where is Paris?", "answers": {"text": ["France"], "answer_start": [12]}}
                """);
        List<GoldExample> ex = JsonlExamples.readSquad(f);
        assertEquals(List.of("France", "in France"), ex.get(0).golds());
        assertEquals(List.of("France"), ex.get(1).golds());
        assertEquals("Where is Paris?", ex.get(1).input().get("question"));
    }

    @Test
    void readsRealBenchmarkShapesWhenPresent() throws IOException {
        Path squad = Path.of("/work/shared/benchmarks/squad_v1.1_dev/eval.jsonl");
        if (Files.exists(squad)) {
            Path head = tmp.resolve("head.jsonl");
            Files.write(head, Files.readAllLines(squad).subList(0, 5));
            GoldExample first = JsonlExamples.readSquad(head).get(0);
            assertEquals("Denver Broncos", first.golds().get(0));
        }
        Path mnli = Path.of("/work/shared/benchmarks/mnli_dev_matched/eval.jsonl");
        if (Files.exists(mnli)) {
            Path head = tmp.resolve("mnli.jsonl");
            Files.write(head, Files.readAllLines(mnli).subList(0, 3));
            GoldExample first = JsonlExamples.readNli(head).get(0);
            assertEquals("neutral", first.golds().get(0));
            assertEquals(2, first.input().size());
        }
    }
}
