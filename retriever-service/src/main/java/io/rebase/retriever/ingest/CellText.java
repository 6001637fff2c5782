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

    private static final java.util.regex.Pattern NUMERIC = java.util.regex.Pattern.compile("[\\d\\s.,:/%$€£+\\-]+");
    private static final java.util.regex.Pattern OPTION_MARK = java.util.regex.Pattern.compile("\\(([A-Ha-h]|[1-8])\\)");

    /** An enumerated list of options ("(A) ... (B) ...") is not a passage: the answer is one of its items by design. */
    static boolean isOptionList(String text) {
        java.util.regex.Matcher m = OPTION_MARK.matcher(text);
        int marks = 0;
        while (m.find() && marks < 2) {
            marks++;
        }
        return marks >= 2;
    }

    /**
     * The column of the row's passage (its longest cell: at least 100 characters, 3 times longer, not an option list) containing
     * {@code column}'s text (an extractive answer inside its passage), or null. Purely numeric cells never count.
     */
    public static String spanOf(String column, Map<String, String> cells) {
        String text = cells.get(column);
        // A number inside a worked solution is a result, not an answer found in a passage.
        if (text.length() > 300 || text.length() < 2 || NUMERIC.matcher(text).matches()) {
            return null;
        }
        String best = null;
        int longest = cells.values().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, String> e : cells.entrySet()) {
            String other = e.getValue();
            if (!e.getKey().equals(column) && other.length() >= 3 * text.length() && other.length() >= 100
                    && other.length() == longest && !isOptionList(other)
                    && other.contains(text) && (best == null || other.length() > cells.get(best).length())) {
                best = e.getKey();
            }
        }
        return best;
    }
}
