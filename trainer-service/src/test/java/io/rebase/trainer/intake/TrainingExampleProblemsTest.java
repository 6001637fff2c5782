package io.rebase.trainer.intake;

import io.rebase.contracts.TrainingExample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Examples whose task id could name a folder outside the trainer's data folder are dead-lettered, not stored. */
class TrainingExampleProblemsTest {

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", ".hidden", "a..b", "a/b"})
    void anEscapingTaskIdIsAProblem(String taskId) {
        TrainingExample e = new TrainingExample("e1", taskId, Map.of("text", "hi"), null, "positive", null, "mapping");
        assertThat(TrainingExampleConsumer.problemOf(e)).startsWith("taskId: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sentiment", "task-1.v2"})
    void anOrdinaryTaskIdIsNot(String taskId) {
        TrainingExample e = new TrainingExample("e1", taskId, Map.of("text", "hi"), null, "positive", null, "mapping");
        assertThat(TrainingExampleConsumer.problemOf(e)).isNull();
    }
}
