package io.rebase.retriever.retrieval;

import io.rebase.retriever.registry.RegisteredConfig;
import io.rebase.retriever.registry.Registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shape of each config's rows, read from a sample of its stored rows spread over the ingested part of the file:
 * the typical length (median words) of each column, and how often one column's text occurs inside another's. Cell
 * vectors carry neither: a 25-word tweet, a 130-word paragraph and a 4,000-word article can sit equally close to a
 * task's passages, and a reading-comprehension set whose answers are copied from the question ("A or B?") embeds like
 * one whose answers are found only in the passage. Cached per config and ingest state, so a config is sampled again
 * once its ingest moved on.
 */
final class ColumnProfiles {

    /** Rows sampled per config. */
    static final int SAMPLE = 48;
    private static final int CHUNK = 500;

    /**
     * The shape of one config.
     *
     * @param words     median words per column
     * @param contained for {@code inner + '\u0000' + outer}, the share of sampled rows in which the shorter inner text
     *                  occurs inside the outer one (case-insensitive); pairs never seen together are absent
     */
    record Profile(Map<String, Double> words, Map<String, Double> contained) {

        static final Profile NONE = new Profile(Map.of(), Map.of());

        /**
         * Whether the rows have an extractive QA shape: in most of them a column's text occurs inside a passage-like
         * column (typically 40 words or more, at least 3 times as long).
         */
        boolean extractive() {
            for (Map.Entry<String, Double> pair : contained.entrySet()) {
                String[] columns = pair.getKey().split("\u0000", 2);
                Double inner = words.get(columns[0]);
                Double outer = words.get(columns[1]);
                if (pair.getValue() >= 0.5 && inner != null && outer != null && outer >= 40 && outer >= 3 * inner) {
                    return true;
                }
            }
            return false;
        }

        /** The share of rows whose {@code inner} text occurs in their {@code outer} text, null when unknown. */
        Double containedIn(String inner, String outer) {
            return contained.get(inner + '\u0000' + outer);
        }
    }

    private record Entry(long nextRecord, String fileHash, Profile profile) {
    }

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final Registry registry;

    /** Profiles sampled from the rows stored in {@code registry}. */
    ColumnProfiles(Registry registry) {
        this.registry = registry;
    }

    /** The profile of each of {@code configs} (id {@code dataset/config}); configs without stored rows map to nothing. */
    Map<String, Profile> of(Collection<RegisteredConfig> configs) {
        List<RegisteredConfig> stale = configs.stream().filter(c -> {
            Entry e = cache.get(c.id());
            return e == null || e.nextRecord() != c.nextRecord() || !java.util.Objects.equals(e.fileHash(), c.fileHash());
        }).toList();
        if (!stale.isEmpty()) {
            sample(stale);
        }
        Map<String, Profile> out = new HashMap<>();
        configs.forEach(c -> {
            Entry e = cache.get(c.id());
            if (e != null && !e.profile().words().isEmpty()) {
                out.put(c.id(), e.profile());
            }
        });
        return out;
    }

    private void sample(List<RegisteredConfig> configs) {
        Map<String, List<String>> idsByConfig = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (RegisteredConfig c : configs) {
            long n = Math.max(0, c.nextRecord());
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < Math.min(SAMPLE, n); i++) {
                // record positions spread over what was ingested; skipped records simply have no row
                mine.add(c.id() + "/" + (n <= SAMPLE ? i : i * n / SAMPLE));
            }
            idsByConfig.put(c.id(), mine);
            ids.addAll(mine);
        }
        Map<String, Map<String, String>> cells = new HashMap<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            cells.putAll(registry.payloads(ids.subList(i, Math.min(ids.size(), i + CHUNK))));
        }
        for (RegisteredConfig c : configs) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (String id : idsByConfig.get(c.id())) {
                Map<String, ?> row = cells.get(id);
                if (row != null) {
                    Map<String, String> texts = new HashMap<>();
                    row.forEach((column, value) -> texts.put(column, value == null ? null : String.valueOf(value)));
                    rows.add(texts);
                }
            }
            cache.put(c.id(), new Entry(c.nextRecord(), c.fileHash(), profileOf(rows)));
        }
    }

    /**
     * The profile of {@code rows} (column to text; blank or null texts are left out): the median words per column
     * and, for each ordered pair of columns, the share of the rows where the first text is shorter than the second in
     * which it occurs inside the second (case-insensitive). The one rule for datastore configs and a task's examples
     * (their output read as one more column), so that the two sides of the shape signal are comparable.
     */
    static Profile profileOf(List<Map<String, String>> rows) {
        Map<String, List<Integer>> lengths = new HashMap<>();
        Map<String, int[]> containment = new HashMap<>();
        for (Map<String, String> row : rows) {
            Map<String, String> texts = new HashMap<>();
            row.forEach((column, value) -> {
                if (value != null && !value.isBlank()) {
                    texts.put(column, value.strip().toLowerCase(java.util.Locale.ROOT));
                    lengths.computeIfAbsent(column, k -> new ArrayList<>()).add(words(value));
                }
            });
            texts.forEach((inner, innerText) -> texts.forEach((outer, outerText) -> {
                if (!inner.equals(outer) && innerText.length() < outerText.length()) {
                    int[] counts = containment.computeIfAbsent(inner + '\u0000' + outer, k -> new int[2]);
                    counts[0] += outerText.contains(innerText) ? 1 : 0;
                    counts[1]++;
                }
            }));
        }
        Map<String, Double> medians = new HashMap<>();
        lengths.forEach((column, values) -> medians.put(column, median(values)));
        Map<String, Double> contained = new HashMap<>();
        containment.forEach((pair, counts) -> contained.put(pair, (double) counts[0] / counts[1]));
        return new Profile(Map.copyOf(medians), Map.copyOf(contained));
    }

    /** Whitespace-separated words of {@code text}. */
    static int words(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    static double median(List<Integer> values) {
        List<Integer> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
