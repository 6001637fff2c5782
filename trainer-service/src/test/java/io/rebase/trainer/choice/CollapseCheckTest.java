package io.rebase.trainer.choice;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollapseCheckTest {

    private final CollapseCheck check = new CollapseCheck(CollapseCheck.DEFAULT_THRESHOLD);

    private static List<String> of(String label, int n, String other, int m) {
        List<String> out = new ArrayList<>(Collections.nCopies(n, label));
        out.addAll(Collections.nCopies(m, other));
        return out;
    }

    @Test
    void oneClassForMoreThanNinetyPercentIsFlaggedWithTheGoldShare() {
        List<String> predicted = of("yes", 95, "no", 5);
        List<String> gold = of("yes", 50, "no", 50);

        CollapseCheck.Note note = check.check(predicted, gold).orElseThrow();

        assertThat(note.label()).isEqualTo("yes");
        assertThat(note.share()).isEqualTo(0.95);
        assertThat(note.goldShare()).isEqualTo(0.5);
        assertThat(note.message()).isEqualTo("the served model predicts 'yes' for 95% of the 100 evaluation items "
                + "(it is the answer for 50% of them)");
        assertThat(note.toDetails()).containsEntry("label", "yes").containsEntry("items", 100);
    }

    @Test
    void exactlyNinetyPercentOrAMixIsNotACollapse() {
        assertThat(check.check(of("yes", 90, "no", 10), null)).isEmpty();
        assertThat(check.check(of("A", 40, "B", 60), null)).isEmpty();
        assertThat(check.check(List.of(), null)).isEmpty();
        assertThat(check.check(of("yes", 9, "no", 0), null)).as("9 items say nothing").isEmpty();
    }

    @Test
    void withoutGoldTheNoteSaysOnlyWhatWasPredicted() {
        CollapseCheck.Note note = check.check(of("B", 19, "A", 1), null).orElseThrow();

        assertThat(note.goldShare()).isNull();
        assertThat(note.message()).isEqualTo("the served model predicts 'B' for 95% of the 20 evaluation items");
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new CollapseCheck(1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
