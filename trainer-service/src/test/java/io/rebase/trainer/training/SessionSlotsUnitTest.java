package io.rebase.trainer.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The slots bound open sessions; the least recently trained idle session that is not training is parked first. */
class SessionSlotsUnitTest {

    private static final long SECOND = 1_000_000_000L;

    record Session(long lastTrainedNanos) implements SessionSlots.Idle {
    }

    @Test
    void freeWhileBelowTheBound() {
        SessionSlots<Session> slots = new SessionSlots<>(2, SECOND);
        assertThat(slots.room("a", 0)).isEqualTo(new SessionSlots.Room(true, null));
        slots.put("a", new Session(0));
        assertThat(slots.room("b", 0).free()).isTrue();
    }

    @Test
    void fullUntilAnOpenSessionHasBeenIdleLongEnough() {
        SessionSlots<Session> slots = new SessionSlots<>(1, 30 * SECOND);
        slots.put("a", new Session(0));
        assertThat(slots.room("b", 29 * SECOND)).isEqualTo(new SessionSlots.Room(false, null));
        assertThat(slots.room("b", 30 * SECOND)).isEqualTo(new SessionSlots.Room(true, "a"));
    }

    @Test
    void theLeastRecentlyTrainedIdleSessionIsParkedAndHeldUntilLeft() {
        SessionSlots<Session> slots = new SessionSlots<>(3, SECOND);
        slots.put("a", new Session(5 * SECOND));
        slots.put("b", new Session(2 * SECOND));
        slots.put("c", new Session(9 * SECOND));
        assertThat(slots.room("d", 20 * SECOND).victim()).isEqualTo("b");
        // b is being parked: no unit of it may start, and it is not chosen twice
        assertThat(slots.enter("b")).isFalse();
        assertThat(slots.room("e", 20 * SECOND).victim()).isEqualTo("a");
        slots.leave("b");
        assertThat(slots.enter("b")).isTrue();
    }

    @Test
    void aTrainingSessionIsNeverParkedNorTheAskingTaskItself() {
        SessionSlots<Session> slots = new SessionSlots<>(2, SECOND);
        slots.put("a", new Session(0));
        slots.put("b", new Session(0));
        assertThat(slots.enter("a")).isTrue();
        assertThat(slots.room("b", 10 * SECOND)).isEqualTo(new SessionSlots.Room(false, null));
        slots.leave("a");
        assertThat(slots.room("b", 10 * SECOND).victim()).isEqualTo("a");
    }

    @Test
    void atLeastOneSlot() {
        SessionSlots<Session> slots = new SessionSlots<>(0, 0);
        assertThat(slots.room("a", 0).free()).isTrue();
    }
}
