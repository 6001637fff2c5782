package io.rebase.trainer.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A position moves forward with units and final passes; a resumed session starts from its checkpoint's. */
class PositionTest {

    @Test
    void aUnitAdvancesStepsTheLastExampleAndTheTrainedCount() {
        Position p = Position.START.after(4, 20, 18).after(8, 40, 17);
        assertThat(p).isEqualTo(new Position(8, 40, 35));
        assertThat(p.started()).isTrue();
        assertThat(Position.START.started()).isFalse();
    }

    @Test
    void aUnitWithoutNewExamplesKeepsTheStreamPosition() {
        assertThat(new Position(4, 20, 18).after(6, 0, 0)).isEqualTo(new Position(6, 20, 18));
    }

    @Test
    void finalPassesTakeStepsWithoutConsumingTheStream() {
        assertThat(new Position(8, 40, 35).withSteps(12)).isEqualTo(new Position(12, 40, 35));
    }
}
