package io.rebase.retriever.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Which cells of a row are embedded, and how they are cut to the model's window. */
public final class CellText {

    private final List<String> skipColumns;
    private final int maxChars;

    public CellText(List<String> skipColumns, int maxChars) {
        this.skipColumns = skipColumns.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        this.maxChars = maxChars;
    }

    /** True for columns that carry no content (ids, split): stored, not embedded. */
    public boolean skipped(String column) {
        String c = column.toLowerCase(Locale.ROOT);
        return skipColumns.contains(c) || c.endsWith("_id") || c.endsWith("_ids");
    }

    /** The embeddable cells of a row, in column order. */
    public Map<String, String> embeddable(Map<String, String> row) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        row.forEach((column, value) -> {
            if (value != null && !value.isBlank() && !skipped(column)) {
                out.put(column, value.strip());
            }
        });
        return out;
    }

    /** {@code text} cut to the window, at a word boundary where one is near. */
    public String cut(String text) {
        if (text.length() <= maxChars) {
            return text;
        }
        int space = text.lastIndexOf(' ', maxChars);
        return text.substring(0, space > maxChars * 0.8 ? space : maxChars);
    }

    /**
     * The column of a context-like cell (at least 100 characters and 3 times longer) containing {@code column}'s
     * text (an extractive answer inside its passage), or null.
     */
    public static String spanOf(String column, Map<String, String> cells) {
        String text = cells.get(column);
        if (text.length() > 300 || text.length() < 2) {
            return null;
        }
        String best = null;
        for (Map.Entry<String, String> e : cells.entrySet()) {
            String other = e.getValue();
            if (!e.getKey().equals(column) && other.length() >= 3 * text.length() && other.length() >= 100
                    && other.contains(text) && (best == null || other.length() > cells.get(best).length())) {
                best = e.getKey();
            }
        }
        return best;
    }
}
