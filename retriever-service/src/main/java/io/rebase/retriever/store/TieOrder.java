package io.rebase.retriever.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deterministic order in which the rows sharing one cell text are taken. Identical texts have identical
 * vectors, so a k-nearest search returns an arbitrary subset of them (HNSW and exact search pick different
 * ones); retrieval instead takes the first rows of this order, the same set whichever search found the text.
 * The order is a 64-bit FNV-1a hash of the rowId (spreads the pick over datasets and row positions), then the
 * rowId itself.
 */
public final class TieOrder {

    /** Orders rowIds by hash, then by name. */
    public static final Comparator<String> ROWS = Comparator.comparingLong(TieOrder::rank).thenComparing(Comparator.naturalOrder());

    private TieOrder() {
    }

    /** The rank of a row inside every tie. */
    public static long rank(String rowId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < rowId.length(); i++) {
            h ^= rowId.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * Collects (text hash, rowId) pairs and answers, per text, the first {@code max} rows of every dataset in tie
     * order. The limit is per dataset: a global one hands the whole tie to the datasets holding most copies of a
     * text (for the label "entailment", the large 2-way sets), so the other datasets' rows of that label never
     * become candidates at all.
     */
    public static final class Collector {
        private final Map<String, Map<String, Set<String>>> rowsByTextAndDataset = new HashMap<>();

        /** One cell of {@code dataset}'s row {@code rowId} holding the text. */
        public void add(String textHash, String dataset, String rowId) {
            rowsByTextAndDataset.computeIfAbsent(textHash, t -> new HashMap<>())
                    .computeIfAbsent(dataset, d -> new LinkedHashSet<>()).add(rowId);
        }

        /** For each collected text, at most {@code max} of its rows per dataset, all in tie order. */
        public Map<String, List<String>> firstRows(int max) {
            Map<String, List<String>> out = new HashMap<>();
            rowsByTextAndDataset.forEach((text, byDataset) -> {
                List<Ranked> kept = new ArrayList<>();
                byDataset.values().forEach(rows -> {
                    // ranks hashed once per row, not once per comparison: a label text can tie tens of thousands of rows
                    List<Ranked> sorted = new ArrayList<>(rows.size());
                    rows.forEach(r -> sorted.add(new Ranked(rank(r), r)));
                    sorted.sort(null);
                    kept.addAll(sorted.subList(0, Math.min(Math.max(1, max), sorted.size())));
                });
                kept.sort(null);
                out.put(text, kept.stream().map(Ranked::rowId).toList());
            });
            return out;
        }
    }

    /** A rowId with its rank, ordered as {@link #ROWS}. */
    private record Ranked(long rank, String rowId) implements Comparable<Ranked> {
        @Override
        public int compareTo(Ranked o) {
            int c = Long.compare(rank, o.rank);
            return c != 0 ? c : rowId.compareTo(o.rowId);
        }
    }
}
