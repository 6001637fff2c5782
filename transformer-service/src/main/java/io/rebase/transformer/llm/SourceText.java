package io.rebase.transformer.llm;

import io.rebase.transformer.service.ExampleValidator;

import java.util.Map;

/** Whether text a model wrote is a row's own text: a contiguous part of one cell, whitespace runs matched flexibly. */
final class SourceText {

    /** The marker {@link PromptBuilder} appends to a cut cell, which a model may copy. */
    private static final String CUT = "...";

    private SourceText() {
    }

    static boolean contains(Map<String, String> cells, String text) {
        if (text == null || cells == null) {
            return false;
        }
        String t = text.strip();
        if (t.endsWith(CUT)) {
            t = t.substring(0, t.length() - CUT.length()).strip();
        }
        if (t.isEmpty()) {
            return false;
        }
        for (String cell : cells.values()) {
            if (cell != null && ExampleValidator.spanOf(cell, t) != null) {
                return true;
            }
        }
        return false;
    }
}
