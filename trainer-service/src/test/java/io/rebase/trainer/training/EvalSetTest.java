package io.rebase.trainer.training;

import io.rebase.contracts.TaskRequestParser;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.TaskSpec;
import io.rebase.contracts.TaskType;
import io.rebase.trainer.plan.PlanException;
import io.rebase.trainer.plan.TaskPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evaluation files are read once, capped, and refused naming the request field when they cannot serve. */
class EvalSetTest {

    private static TaskPlan plan(Path evalSet, int max) {
        var request = TaskRequestParser.parse("""
                {"taskId":"t1","instruction":"Classify sentiment.","taskType":"classification","labels":["positive","negative"],
                 "examples":[{"input":{"sentence":"great"},"output":"positive"},{"input":{"sentence":"bad"},"output":"negative"}]}""");
        TaskSpec spec = TaskSpec.infer(TaskType.CLASSIFICATION, request.labels(), request.inputFields());
        return new TaskPlan(request, spec, "all-minilm-l6-v2", 1, 8, 5e-5, 0, evalSet, 0.1, max, true);
    }

    @Test
    void withoutAFileTheHeldOutSliceIsUsed() {
        assertThat(EvalSet.read(plan(null, 10))).isNull();
    }

    @Test
    void readsTheSampleSentimentSetUpToTheCap() {
        List<GoldExample> gold = EvalSet.read(plan(Path.of("..", "samples", "eval", "sentiment-eval.jsonl"), 25));
        assertThat(gold).hasSize(25).allSatisfy(g -> {
            assertThat(g.input()).containsKey("sentence");
            assertThat(g.golds()).isNotEmpty();
        });
    }

    @Test
    void aFileWithoutTheTaskFieldIsRefusedNamingTheRequestField(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("eval.jsonl"), "{\"text\":\"hi\",\"label\":\"positive\"}\n");
        assertThatThrownBy(() -> EvalSet.read(plan(file, 10))).isInstanceOf(PlanException.class)
                .hasMessageContaining("'sentence'")
                .extracting(e -> ((PlanException) e).field()).isEqualTo("evaluation.evalSetPath");
    }
}
