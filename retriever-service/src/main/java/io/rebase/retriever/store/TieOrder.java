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

    /** Collects (text hash, rowId) pairs and answers the first {@code max} rows per text in tie order. */
    public static final class Collector {
        private final Map<String, Set<String>> rowsByText = new HashMap<>();

        /** One cell holding the text. */
        public void add(String textHash, String rowId) {
            rowsByText.computeIfAbsent(textHash, t -> new LinkedHashSet<>()).add(rowId);
        }

        /** For each collected text, at most {@code max} of its rows, in tie order. */
        public Map<String, List<String>> firstRows(int max) {
            Map<String, List<String>> out = new HashMap<>();
            rowsByText.forEach((text, rows) -> {
                List<String> sorted = new ArrayList<>(rows);
                sorted.sort(ROWS);
                out.put(text, List.copyOf(sorted.subList(0, Math.min(Math.max(1, max), sorted.size()))));
            });
            return out;
        }
    }
}
