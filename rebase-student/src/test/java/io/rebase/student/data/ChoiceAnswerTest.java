package io.rebase.student.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rebase.contracts.TaskExample;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestValidator;
import io.rebase.contracts.TaskType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The student learns from every multiple-choice answer form the request validator admits, and only from those. */
class ChoiceAnswerTest {

    private static final String CHOICES = "(A) red apple (B) blue sky (C) green grass (D) grey stone";

    @Test
    void everyAnswerFormTheValidatorAdmitsBecomesTheSameOptionIndex() throws IOException {
        TaskSpec spec = TaskSpec.infer(TaskType.MULTIPLE_CHOICE, List.of(), List.of("question", "choices"));
        byte[] json;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            json = in.readAllBytes();
        }
        try (StudentTokenizer tokenizer = StudentTokenizer.fromJson(json)) {
            Featurizer featurizer = new Featurizer(spec, tokenizer);
            for (String answer : List.of("(D)", "D", "d", "(d)", "D.", "D) grey stone", "Grey  Stone")) {
                assertTrue(admitted(answer), answer);
                List<Instance> instances = featurizer.trainingInstances(example(answer));
                assertEquals(1, instances.size(), answer);
                assertEquals(3, instances.get(0).label(), answer);
            }
            for (String answer : List.of("E", "purple", "Answer: D")) {
                assertEquals(!featurizer.trainingInstances(example(answer)).isEmpty(), admitted(answer), answer);
            }
        }
    }

    private static Example example(String output) {
        return new Example(Map.of("question", "which is grey?", "choices", CHOICES), output, null);
    }

    private static boolean admitted(String output) {
        TaskRequest request = new TaskRequest(null, "pick the grey thing", TaskType.MULTIPLE_CHOICE,
                null, List.of(new TaskExample(Map.of("question", "which is grey?", "choices", CHOICES), output, null)),
                null, null, null, null);
        return TaskRequestValidator.validate(request).isEmpty();
    }
}
