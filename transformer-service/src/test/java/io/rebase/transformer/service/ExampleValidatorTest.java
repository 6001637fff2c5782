package io.rebase.transformer.service;

import io.rebase.contracts.TaskExample;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskType;
import io.rebase.transformer.domain.RejectReasons;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleValidatorTest {

    static TaskRequest task(TaskType type, List<String> labels, Map<String, String> input, String output) {
        return new TaskRequest("t", "do it", type, labels, List.of(new TaskExample(input, output, null)), null, null, null, null);
    }

    @Test
    void classificationLabelsAreNormalisedToTheTaskSpelling() {
        TaskRequest t = task(TaskType.CLASSIFICATION, List.of("Not Entailment", "entailment"), Map.of("premise", "p"), "entailment");
        assertThat(ExampleValidator.validate(t, Map.of("premise", "x"), "  not   entailment ", null).output()).isEqualTo("Not Entailment");
        assertThat(ExampleValidator.validate(t, Map.of("premise", "x"), "maybe", null).reason()).isEqualTo(RejectReasons.LABEL_NOT_IN_SET);
    }

    @Test
    void everyInputFieldMustBePresentAndExtraFieldsAreDropped() {
        TaskRequest t = task(TaskType.GENERATION, null, Map.of("question", "q"), "a");
        assertThat(ExampleValidator.validate(t, Map.of("other", "x"), "a", null).reason()).isEqualTo(RejectReasons.MISSING_FIELD);
        assertThat(ExampleValidator.validate(t, Map.of("question", "  "), "a", null).reason()).isEqualTo(RejectReasons.MISSING_FIELD);
        assertThat(ExampleValidator.validate(t, Map.of("question", "q", "other", "x"), "a", null).input()).containsOnlyKeys("question");
        assertThat(ExampleValidator.validate(t, Map.of("question", "q"), " ", null).reason()).isEqualTo(RejectReasons.EMPTY_OUTPUT);
        assertThat(ExampleValidator.validate(t, Map.of("question", "x".repeat(20_001)), "a", null).reason()).isEqualTo(RejectReasons.TOO_LONG);
    }

    @Test
    void multipleChoiceAcceptsLettersAndOptionTextsAndWritesTheLetter() {
        String choices = "(A) red apple (B) blue sky (C) green grass";
        TaskRequest t = task(TaskType.MULTIPLE_CHOICE, null, Map.of("question", "q", "choices", choices), "A");
        Map<String, String> in = Map.of("question", "which?", "choices", choices);
        assertThat(ExampleValidator.validate(t, in, "(b)", null).output()).isEqualTo("B");
        assertThat(ExampleValidator.validate(t, in, "C) green grass", null).output()).isEqualTo("C");
        assertThat(ExampleValidator.validate(t, in, "Blue  Sky", null).output()).isEqualTo("B");
        assertThat(ExampleValidator.validate(t, in, "D", null).reason()).isEqualTo(RejectReasons.ANSWER_NOT_AN_OPTION);
        assertThat(ExampleValidator.validate(t, in, "purple", null).reason()).isEqualTo(RejectReasons.ANSWER_NOT_AN_OPTION);
    }

    @Test
    void qaSpansMatchAcrossWhitespaceButNotAcrossWords() {
        assertThat(ExampleValidator.spanOf("It lies in\nNew   York.", "New York")).isEqualTo("New   York");
        assertThat(ExampleValidator.spanOf("It lies in New York.", "Boston")).isNull();
    }
}
