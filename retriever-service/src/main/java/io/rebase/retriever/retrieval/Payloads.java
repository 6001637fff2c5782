package io.rebase.retriever.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Row payloads (column to text) loaded in chunks along the ranking as the selection walks it: a row the selection
 * reaches brings the next rows of the ranking with it, so a few thousand payloads cost a few reads, and the tens of
 * thousands of rows scored but never reached are never read.
 */
final class Payloads {

    /** Rows read at once. */
    static final int CHUNK = 500;

    private final List<ScoredRow> ranked;
    private final Function<List<String>, Map<String, Map<String, String>>> source;
    private final Map<String, Integer> position = new HashMap<>();
    private final Map<String, Map<String, String>> loaded = new HashMap<>();

    /** @param source reads the stored payloads of up to {@link #CHUNK} row ids (absent ones left out) */
    Payloads(List<ScoredRow> ranked, Function<List<String>, Map<String, Map<String, String>>> source) {
        this.ranked = ranked;
        this.source = source;
        for (int i = 0; i < ranked.size(); i++) {
            position.put(ranked.get(i).rowId(), i);
        }
    }

    /** The payload of {@code rowId}, empty when the registry holds none. */
    Map<String, String> get(String rowId) {
        if (!loaded.containsKey(rowId)) {
            List<String> chunk = new ArrayList<>();
            chunk.add(rowId);
            int from = position.getOrDefault(rowId, ranked.size());
            for (int i = from + 1; i < ranked.size() && chunk.size() < CHUNK; i++) {
                if (!loaded.containsKey(ranked.get(i).rowId())) {
                    chunk.add(ranked.get(i).rowId());
                }
            }
            load(chunk);
        }
        return loaded.getOrDefault(rowId, Map.of());
    }

    /** Loads the payloads of {@code rowIds} not loaded yet. */
    void load(List<String> rowIds) {
        List<String> missing = rowIds.stream().filter(r -> !loaded.containsKey(r)).toList();
        for (int i = 0; i < missing.size(); i += CHUNK) {
            List<String> chunk = missing.subList(i, Math.min(missing.size(), i + CHUNK));
            loaded.putAll(source.apply(chunk));
            chunk.forEach(r -> loaded.putIfAbsent(r, Map.of()));
        }
    }
}
