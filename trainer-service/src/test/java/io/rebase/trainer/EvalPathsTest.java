package io.rebase.trainer;

import io.rebase.trainer.plan.EvalPaths;
import io.rebase.trainer.plan.HeldOut;
import io.rebase.trainer.plan.PlanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evaluation paths stay inside their root; the held-out split is deterministic and about the requested size. */
class EvalPathsTest {

    @Test
    void resolvesFilesInsideTheRootAndRefusesEverythingElse(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("eval"));
        Files.writeString(root.resolve("eval/a.jsonl"), "{}\n");
        Files.writeString(tmp.resolve("secret.jsonl"), "{}\n");
        Files.createSymbolicLink(root.resolve("eval/link.jsonl"), tmp.resolve("secret.jsonl"));

        assertThat(EvalPaths.resolve(root, "eval/a.jsonl")).isEqualTo(root.resolve("eval/a.jsonl").toAbsolutePath());
        assertThat(EvalPaths.resolve(root, "eval/../eval/a.jsonl")).isEqualTo(root.resolve("eval/a.jsonl").toAbsolutePath());
        for (String bad : new String[] {"../secret.jsonl", "eval/../../secret.jsonl", tmp.resolve("secret.jsonl").toString(),
                "eval/link.jsonl"}) {
            assertThatThrownBy(() -> EvalPaths.resolve(root, bad)).isInstanceOf(PlanException.class)
                    .hasMessageContaining("leaves the evaluation root")
                    .extracting(e -> ((PlanException) e).field()).isEqualTo("evaluation.evalSetPath");
        }
        assertThatThrownBy(() -> EvalPaths.resolve(root, "eval/missing.jsonl")).hasMessageContaining("no such evaluation file");
    }

    @Test
    void heldOutSplitIsDeterministicAndNearTheFraction() {
        long held = IntStream.range(0, 10_000).filter(i -> HeldOut.isHeldOut("example-" + i, 0.1)).count();
        assertThat(held).isBetween(900L, 1100L);
        assertThat(HeldOut.isHeldOut("example-7", 0.1)).isEqualTo(HeldOut.isHeldOut("example-7", 0.1));
        assertThat(IntStream.range(0, 100).noneMatch(i -> HeldOut.isHeldOut("x" + i, 0))).isTrue();
    }
}
