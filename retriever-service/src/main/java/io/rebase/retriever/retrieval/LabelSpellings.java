package io.rebase.retriever.retrieval;

import io.rebase.contracts.LabelNames;
import io.rebase.retriever.store.VectorPoint;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which of a task's labels a cell names, read from its text hash alone (no payload is fetched): each label and its
 * synonyms ({@link LabelNames}) in the usual spellings (as given, lower case, upper case, capitalised, with '_', '-'
 * or ' ' between words).
 */
final class LabelSpellings {

    private final Map<String, String> labelByTextHash = new HashMap<>();

    LabelSpellings(List<String> labels) {
        for (String label : labels) {
            Set<String> names = new LinkedHashSet<>();
            names.add(label);
            Set<String> synonyms = LabelNames.group(label);
            if (synonyms != null) {
                names.addAll(synonyms);
            }
            for (String name : names) {
                for (String spelling : spellings(name)) {
                    labelByTextHash.putIfAbsent(VectorPoint.textHashOf(spelling), label);
                }
            }
        }
    }

    /** The task label a cell of text hash {@code textHash} names, or null. */
    String labelOf(String textHash) {
        return textHash == null ? null : labelByTextHash.get(textHash);
    }

    boolean isEmpty() {
        return labelByTextHash.isEmpty();
    }

    private static Set<String> spellings(String label) {
        Set<String> out = new LinkedHashSet<>();
        String trimmed = label.trim();
        for (String words : List.of(trimmed, trimmed.replaceAll("[-_ ]+", " "), trimmed.replaceAll("[-_ ]+", "_"),
                trimmed.replaceAll("[-_ ]+", "-"))) {
            out.add(words);
            out.add(words.toLowerCase(Locale.ROOT));
            out.add(words.toUpperCase(Locale.ROOT));
            String lower = words.toLowerCase(Locale.ROOT);
            out.add(lower.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
        }
        return out;
    }
}
