package io.rebase.trainer.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rebase.contracts.TaskType;
import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.decoder.CausalLmExample;
import io.rebase.student.decoder.TinyDecoderFolder;
import io.rebase.student.eval.EvalReport;
import io.rebase.trainer.plan.PlanException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decoder student on a tiny random Llama folder with a byte-level tokenizer: it trains (loss falls on repeated
 * examples), evaluates by generation, saves a served model with its generations, resumes from a checkpoint exactly,
 * and refuses a tokenizer without EOS and a prompt longer than the context, naming the field.
 */
class DecoderStudentTest {

    @TempDir
    static Path folder;

    static final List<Example> EXAMPLES = List.of(
            new Example(Map.of("intent", "sort list a"), "sorted(a)", "use sorted."),
            new Example(Map.of("intent", "length of a"), "len(a)", null),
            new Example(Map.of("intent", "print hi"), "print('hi')", "call print."));

    @BeforeAll
    static void writeFolder() throws Exception {
        TinyDecoderFolder.write(folder, 11);
    }

    /** Without adapter dropout, so that a resumed student's steps equal an uninterrupted one's. */
    static DecoderTask task(Path base, int maxLength) {
        DecoderOptions d = DecoderOptions.defaults(5e-3, false, 12, maxLength, 42);
        return new DecoderTask(base.toString(), "Write Python code for the intent.", List.of("intent"),
                TaskType.GENERATION, List.of(), new DecoderOptions(io.rebase.student.decoder.LoraConfig.attention(8, 16, 0),
                        d.optimiser(), false, 12, maxLength, 42));
    }

    @Test
    void promptsMaskThePromptAndEndWithEos() {
        try (DecoderStudent s = DecoderStudent.create(task(folder, 512))) {
            CausalLmExample e = s.prompts().training(EXAMPLES.get(0));
            String prompt = s.prompts().promptText(EXAMPLES.get(0).input());
            assertEquals("Write Python code for the intent.\n\nintent: sort list a\nAnswer:", prompt);
            assertEquals("use sorted. So the answer is sorted(a).", s.prompts().targetText(EXAMPLES.get(0)));
            int promptTokens = 1 + prompt.length();
            assertEquals(-100, e.labels()[promptTokens - 1]);
            assertEquals(2, e.labels()[e.length() - 1], "EOS learned");
            assertEquals("len(a)", s.prompts().targetText(EXAMPLES.get(1)), "no rationale: the answer alone");
        }
    }

    @Test
    void trainsEvaluatesSavesAndResumes(@TempDir Path out) throws Exception {
        List<GoldExample> gold = EXAMPLES.stream().map(GoldExample::of).toList();
        float first;
        float later = 0;
        try (DecoderStudent s = DecoderStudent.create(task(folder, 512))) {
            List<CausalLmExample> batch = s.sequences(EXAMPLES).sequences();
            first = s.step(batch).loss();
            for (int i = 0; i < 5; i++) {
                later = s.step(batch).loss();
            }
            assertTrue(later < first, "loss falls on repeated examples: " + first + " -> " + later);
            EvalReport report = s.evaluate(gold, 2);
            assertEquals(3, report.count());
            assertTrue(report.metrics().containsKey("bleu") && report.metrics().containsKey("exact_match"));
            s.saveModel(out.resolve("best"));
            s.saveCheckpoint(out.resolve("ckpt"));
            float next = s.step(batch).loss();
            try (DecoderStudent resumed = DecoderStudent.resume(task(folder, 512), out.resolve("ckpt"))) {
                assertEquals(6, resumed.stepsDone());
                assertEquals(next, resumed.step(batch).loss(), 1e-5, "a resumed student continues exactly");
            }
        }
        assertTrue(Files.isRegularFile(out.resolve("best/adapter_model.safetensors")));
        List<Generation> saved = DecoderStudent.savedGenerations(out.resolve("best"));
        assertEquals(3, saved.size());
        assertEquals("sorted(a)", saved.get(0).gold());
        try (DecoderStudent served = DecoderStudent.serving(out.resolve("best"))) {
            Generation g = served.generate(List.of(Map.of("intent", "sort list a")), 1).get(0);
            assertEquals(saved.get(0).text(), g.text(), "the served adapter generates what was evaluated");
        }
    }

    @Test
    void aPromptLongerThanTheContextNamesTheField() {
        try (DecoderStudent s = DecoderStudent.create(task(folder, 40))) {
            PlanException e = assertThrows(PlanException.class,
                    () -> s.generate(List.of(Map.of("intent", "x".repeat(100))), 1));
            assertEquals("training.maxSeqLength", e.field());
            assertEquals(1, s.sequences(List.of(new Example(Map.of("intent", "y".repeat(100)), "z"))).dropped());
        }
    }

    @Test
    void inContextPromptsTakeTheDemonstrationsThatFit() {
        try (DecoderStudent s = DecoderStudent.create(task(folder, 200))) {
            Map<String, String> query = Map.of("intent", "sort list b");
            int alone = s.prompts().query(query, 12).length;
            int[] shots = s.prompts().inContext(EXAMPLES, query, 12);
            assertTrue(shots.length > alone && shots.length + 12 <= 200, "some demonstrations, within the context");
        }
    }

    @Test
    void aTokenizerWithoutEosIsRefusedNamingTheFile(@TempDir Path other) throws Exception {
        TinyDecoderFolder.write(other, 1);
        String json = Files.readString(other.resolve("tokenizer.json")).replace("\"id\": 2,", "\"id\": 250,");
        Files.writeString(other.resolve("tokenizer.json"), json);
        PlanException e = assertThrows(PlanException.class, () -> DecoderStudent.create(task(other, 512)));
        assertEquals("training.studentModel", e.field());
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains("EOS"), e.getMessage());
    }

    @Test
    void decoderFoldersAreToldFromEncoderNames(@TempDir Path empty) {
        assertTrue(DecoderFolders.isDecoder(folder.toString()));
        assertFalse(DecoderFolders.isDecoder("bge-small-en-v15"));
        assertFalse(DecoderFolders.isDecoder(empty.toString()));
    }
}
