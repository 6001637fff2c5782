package io.rebase.student;

import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.JsonlExamples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Access to the repository's bundled sample datastore. */
public final class Samples {

    private Samples() {}

    /** The {@code samples/datastore} folder of the checkout. */
    public static Path datastore() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("samples/datastore");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("samples/datastore not found above " + Path.of("").toAbsolutePath());
    }

    /** Reads a sample set with explicit input fields, renaming them via {@code rename} (may be empty). */
    public static List<GoldExample> read(String name, List<String> inputFields, String output, Map<String, String> rename) {
        try {
            List<GoldExample> raw = JsonlExamples.readGeneric(datastore().resolve(name).resolve("default.jsonl"), inputFields, output);
            List<GoldExample> out = new ArrayList<>();
            for (GoldExample g : raw) {
                Map<String, String> in = new java.util.LinkedHashMap<>();
                g.input().forEach((k, v) -> in.put(rename.getOrDefault(k, k), v));
                out.add(new GoldExample(in, g.golds()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deterministically shuffles and splits into (train, test) with {@code trainFraction} for training. */
    public static List<List<GoldExample>> split(List<GoldExample> all, double trainFraction, long seed) {
        List<GoldExample> copy = new ArrayList<>(all);
        Collections.shuffle(copy, new Random(seed));
        int cut = (int) Math.round(copy.size() * trainFraction);
        return List.of(copy.subList(0, cut), copy.subList(cut, copy.size()));
    }

    /** First gold of each as a training example. */
    public static List<Example> examples(List<GoldExample> golds) {
        return golds.stream().map(GoldExample::toExample).toList();
    }
}
