package io.rebase.trainer.training;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The oldest admitted task with work gets the thread; younger ones train only while every older one has none. */
class InOrderTurnsTest {

    private final InOrderTurns turns = new InOrderTurns();

    @Test
    void theOldestTaskWithWorkRunsAndTheYoungerOnesAreNotAsked() {
        List<String> asked = new ArrayList<>();
        String ran = turns.next(List.of("a", "b", "c"), id -> {
            asked.add(id);
            return true;
        });
        assertThat(ran).isEqualTo("a");
        assertThat(asked).containsExactly("a");
    }

    @Test
    void aYoungerTaskRunsWhileTheOlderOnesWaitOnUpstream() {
        Set<String> waiting = Set.of("a", "b");
        List<String> asked = new ArrayList<>();
        String ran = turns.next(List.of("a", "b", "c", "d"), id -> {
            asked.add(id);
            return !waiting.contains(id);
        });
        assertThat(ran).isEqualTo("c");
        assertThat(asked).containsExactly("a", "b", "c");
    }

    @Test
    void theOldestGetsTheThreadBackAsSoonAsItHasWorkAgain() {
        // a's final epochs: as long as a has work, every turn is a's, and the others wait for it to complete
        List<String> ran = new ArrayList<>();
        int[] aUnitsLeft = {3};
        for (int i = 0; i < 5; i++) {
            ran.add(turns.next(List.of("a", "b"), id -> id.equals("b") || aUnitsLeft[0]-- > 0));
        }
        assertThat(ran).containsExactly("a", "a", "a", "b", "b");
    }

    @Test
    void noneWithWork() {
        assertThat(turns.next(List.of("a", "b"), id -> false)).isNull();
        assertThat(turns.next(List.of(), id -> true)).isNull();
    }

    @Test
    void aTaskRunningOnAnotherThreadIsPassedOverNotRunTwice() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> turns.next(List.of("a"), id -> {
            inside.countDown();
            await(release);
            return true;
        }));
        other.start();
        inside.await();
        assertThat(turns.running("a")).isTrue();
        assertThat(turns.next(List.of("a", "b"), id -> true)).isEqualTo("b");
        release.countDown();
        other.join();
        assertThat(turns.running("a")).isFalse();
    }

    @Test
    void aUnitThatThrowsLeavesItsTaskFree() {
        assertThatThrownBy(() -> turns.next(List.of("a"), id -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(turns.running("a")).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
