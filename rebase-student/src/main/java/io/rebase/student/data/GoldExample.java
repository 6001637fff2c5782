package io.rebase.student.data;

import java.util.List;
import java.util.Map;

/**
 * An evaluation example that may have several acceptable answers (SQuAD lists up to 3).
 *
 * @param input input fields by name
 * @param golds acceptable outputs, at least one
 */
public record GoldExample(Map<String, String> input, List<String> golds) {

    public GoldExample {
        input = Map.copyOf(input);
        golds = List.copyOf(golds);
    }

    /** Wraps a training example with its single output as gold. */
    public static GoldExample of(Example e) {
        return new GoldExample(e.input(), List.of(e.output()));
    }

    /** The first gold answer as a training example. */
    public Example toExample() {
        return new Example(input, golds.get(0));
    }
}
