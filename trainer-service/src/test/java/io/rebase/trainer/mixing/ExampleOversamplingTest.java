package io.rebase.trainer.mixing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExampleOversamplingTest {

    private static final List<String> EXAMPLES = List.of("ex-a", "ex-b", "ex-c");

    /** Cuts in order, like the student's length bucketing without the shuffle. */
    private static <T> List<List<T>> cut(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return out;
    }

    private static List<String> stream(int n) {
        return IntStream.range(0, n).mapToObj(i -> "row-" + i).toList();
    }

    @Test
    void everyFullBatchCarriesTheShareOfExamplesAndEveryStreamItemOnce() {
        ExampleOversampling o = new ExampleOversampling(0.25);
        List<List<String>> batches = o.batches(stream(120), EXAMPLES, 16, new Random(7), ExampleOversamplingTest::cut);

        assertThat(o.slots(16)).isEqualTo(4);
        assertThat(batches).hasSize(10).allSatisfy(b -> {
            assertThat(b).hasSize(16);
            assertThat(b.stream().filter(EXAMPLES::contains)).hasSize(4);
        });
        List<String> streamSeen = batches.stream().flatMap(List::stream).filter(s -> s.startsWith("row-")).toList();
        assertThat(streamSeen).containsExactlyElementsOf(stream(120));
    }

    @Test
    void examplesTakeTurnsSoEachIsSeenAsOftenAsTheOthers() {
        ExampleOversampling o = new ExampleOversampling(0.2);
        List<List<String>> batches = o.batches(stream(1000), EXAMPLES, 16, new Random(1), ExampleOversamplingTest::cut);
        Map<String, Long> counts = batches.stream().flatMap(List::stream).filter(EXAMPLES::contains)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(counts).containsOnlyKeys(EXAMPLES);
        long max = Collections.max(counts.values());
        long min = Collections.min(counts.values());
        assertThat(max - min).isLessThanOrEqualTo(1);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(o.addedFor(1000, 16));
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndAnotherSeedOtherTurns() {
        ExampleOversampling o = new ExampleOversampling(0.25);
        List<String> items = stream(200);
        List<String> many = IntStream.range(0, 10).mapToObj(i -> "ex-" + i).toList();
        var a = o.batches(items, many, 8, new Random(42), ExampleOversamplingTest::cut);
        var b = o.batches(items, many, 8, new Random(42), ExampleOversamplingTest::cut);
        var c = o.batches(items, many, 8, new Random(43), ExampleOversamplingTest::cut);

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void aShortLastBatchGetsTheSameShareNotMostlyExamples() {
        ExampleOversampling o = new ExampleOversampling(0.25);
        List<List<String>> batches = o.batches(stream(14), EXAMPLES, 16, new Random(3), ExampleOversamplingTest::cut);

        assertThat(batches).hasSize(2);
        assertThat(batches.get(1)).hasSize(2 + 1); // 2 stream items: 2 * 0.25 / 0.75 rounds to 1 example
        assertThat(o.addedFor(14, 16)).isEqualTo(5);
    }

    @Test
    void withoutStreamItemsTheExamplesAreTrainedOnceAlone() {
        ExampleOversampling o = new ExampleOversampling(0.2);

        assertThat(o.batches(List.of(), EXAMPLES, 16, new Random(0), ExampleOversamplingTest::cut))
                .containsExactly(EXAMPLES);
        assertThat(o.batches(List.<String>of(), List.of(), 16, new Random(0), ExampleOversamplingTest::cut)).isEmpty();
    }

    @Test
    void aShareOfZeroLeavesTheStreamAlone() {
        ExampleOversampling o = new ExampleOversampling(0);

        assertThat(o.slots(16)).isZero();
        assertThat(o.batches(stream(40), EXAMPLES, 16, new Random(0), ExampleOversamplingTest::cut))
                .isEqualTo(cut(stream(40), 16));
        assertThat(o.addedFor(40, 16)).isZero();
    }

    @Test
    void aTinyShareStillGivesOneSlotAndNeverTheWholeBatch() {
        assertThat(new ExampleOversampling(0.01).slots(16)).isEqualTo(1);
        assertThat(new ExampleOversampling(0.5).slots(2)).isEqualTo(1);
        assertThat(new ExampleOversampling(0.5).slots(1)).isZero();
    }

    @Test
    void aShareOutsideTheRangeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new ExampleOversampling(0.6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rebase.trainer.example-share");
        assertThatThrownBy(() -> new ExampleOversampling(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExampleOversampling(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
