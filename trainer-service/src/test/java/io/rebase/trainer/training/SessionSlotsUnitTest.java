package io.rebase.trainer.training;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slots bound open sessions; the session that has waited longest on upstream data, and is not training, is
 * parked first; a session with work is never parked, however long it waits for a training thread.
 */
class SessionSlotsUnitTest {

    private static final long SECOND = 1_000_000_000L;

    /** A session waiting on upstream data since {@code waitingSinceNanos}. */
    record Session(long waitingSinceNanos) implements SessionSlots.Idle {
    }

    /** A session with examples to train. */
    private static final Session BUSY = new Session(SessionSlots.Idle.NOT_WAITING);

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
    void aSessionWithWorkIsNeverParkedHoweverLongItWaitsForAThread() {
        SessionSlots<Session> slots = new SessionSlots<>(2, SECOND);
        slots.put("a", BUSY);
        slots.put("b", BUSY);
        assertThat(slots.room("c", Long.MAX_VALUE / 2)).isEqualTo(new SessionSlots.Room(false, null));
        slots.put("b", new Session(3 * SECOND));
        assertThat(slots.room("c", 3 * SECOND + SECOND / 2).free()).isFalse();
        assertThat(slots.room("c", 4 * SECOND).victim()).isEqualTo("b");
    }

    @Test
    void waitingTimesCompareAcrossANanoTimeOverflow() {
        SessionSlots<Session> slots = new SessionSlots<>(2, SECOND);
        slots.put("a", new Session(Long.MAX_VALUE - SECOND));
        slots.put("b", new Session(Long.MAX_VALUE - 2 * SECOND));
        assertThat(slots.room("c", Long.MAX_VALUE + 5 * SECOND).victim()).isEqualTo("b");
    }

    @Test
    void atLeastOneSlot() {
        SessionSlots<Session> slots = new SessionSlots<>(0, 0);
        assertThat(slots.room("a", 0).free()).isTrue();
    }
}
