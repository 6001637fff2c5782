package io.rebase.trainer.choice;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LeaveOneOutTest {

    @Test
    void eachFoldTrainsOnTheOthersAndPredictsTheOneLeftOut() {
        List<String> examples = List.of("yes", "yes", "no", "yes");
        List<String> folds = new ArrayList<>();
        // a majority-class "model": predicts the most frequent answer of its training examples
        LeaveOneOut.Estimate e = LeaveOneOut.estimate(examples, (train, held) -> {
            folds.add(train.size() + ":" + held);
            long yes = train.stream().filter("yes"::equals).count();
            return (yes * 2 >= train.size() ? "yes" : "no").equals(held);
        });

        assertThat(folds).containsExactly("3:yes", "3:yes", "3:no", "3:yes");
        assertThat(e.score()).isEqualTo(0.75);
        assertThat(e.items()).isEqualTo(4);
        assertThat(e.low()).isLessThan(0.75);
        assertThat(e.high()).isGreaterThan(0.75).isLessThanOrEqualTo(1);
    }

    @Test
    void theIntervalIsWideForAFewExamplesAndNarrowsWithMore() {
        LeaveOneOut.Estimate three = LeaveOneOut.of(2, 3);
        LeaveOneOut.Estimate hundred = LeaveOneOut.of(67, 100);

        assertThat(three.high() - three.low()).isGreaterThan(0.7);
        assertThat(hundred.high() - hundred.low()).isLessThan(0.2);
        assertThat(LeaveOneOut.of(5, 10).low()).isCloseTo(0.237, within(0.001)); // Wilson, z = 1.96
    }

    @Test
    void theWeaknessNamesTheCountAndTheInterval() {
        assertThat(LeaveOneOut.weakness(3)).contains("only 3 examples").contains("0.33").contains("evalSetPath");
    }

    @Test
    void oneExampleIsNotEnough() {
        assertThatThrownBy(() -> LeaveOneOut.estimate(List.of("a"), (t, h) -> true)).hasMessageContaining("at least 2");
    }
}
