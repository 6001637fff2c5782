package io.rebase.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChoicesTest {

    private static final String CHOICES = "Pick one: (A) red apple (B) blue sky (C) green grass (D) grey stone";

    @Test
    void splitsOptionsAndIgnoresTextBeforeTheFirstMarker() {
        assertThat(Choices.parse(CHOICES)).containsExactly(new Choices.Choice("A", "red apple"),
                new Choices.Choice("B", "blue sky"), new Choices.Choice("C", "green grass"), new Choices.Choice("D", "grey stone"));
        assertThat(Choices.letters("(A) x (B) y")).containsExactly("A", "B");
        assertThat(Choices.parse("no markers")).isEmpty();
        assertThat(Choices.parse(null)).isEmpty();
    }

    @Test
    void letterFormsNormaliseToTheUpperCaseLetter() {
        for (String answer : List.of("b", "B", "(b)", "(B)", "B.", " b: ", "B) blue sky", "(B) blue sky")) {
            assertThat(Choices.letterOf(answer)).as(answer).isEqualTo("B");
        }
        assertThat(Choices.letterOf("blue")).isEmpty();
        assertThat(Choices.letterOf("Answer: B")).isEmpty();
        assertThat(Choices.letterOf("")).isEmpty();
        assertThat(Choices.letterOf(null)).isEmpty();
    }

    @Test
    void anAnswerDesignatesAnOptionByLetterOrByText() {
        assertThat(Choices.answerLetter(CHOICES, "(d)")).isEqualTo("D");
        assertThat(Choices.answerLetter(CHOICES, "C) green grass")).isEqualTo("C");
        assertThat(Choices.answerLetter(CHOICES, "Blue  Sky")).isEqualTo("B");
        assertThat(Choices.answerLetter(CHOICES, "E")).isNull();
        assertThat(Choices.answerLetter(CHOICES, "purple")).isNull();
        assertThat(Choices.answerLetter(CHOICES, null)).isNull();
    }

    @Test
    void theValidatorAdmitsEveryFormThatDesignatesAnOption() {
        for (String output : List.of("(D)", "D", "d.", "(D) grey stone", "grey stone")) {
            assertThat(TaskRequestValidator.validate(request(output))).as(output).isEmpty();
        }
        assertThat(TaskRequestValidator.validate(request("E"))).singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("examples[0].output"));
    }

    private static TaskRequest request(String output) {
        return new TaskRequest(null, "pick the grey thing", TaskType.MULTIPLE_CHOICE, null,
                List.of(new TaskExample(Map.of("question", "which is grey?", "choices", CHOICES), output, null)),
                null, null, null, null);
    }
}
