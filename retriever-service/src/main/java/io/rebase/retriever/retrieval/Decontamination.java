package io.rebase.retriever.retrieval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word n-gram overlap with evaluation texts: a row sharing any n-gram with them (or, for texts shorter than
 * n words but of at least 4, the whole text) is excluded.
 */
public final class Decontamination {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private final int n;
    private final Set<String> grams = new HashSet<>();
    private final Set<String> shortTexts = new HashSet<>();

    public Decontamination(Collection<String> texts, int n) {
        this.n = n;
        if (texts != null) {
            for (String t : texts) {
                List<String> words = words(t);
                if (words.size() >= n) {
                    grams.addAll(ngrams(words));
                } else if (words.size() >= 4) {
                    shortTexts.add(String.join(" ", words));
                }
            }
        }
    }

    public boolean isEmpty() {
        return grams.isEmpty() && shortTexts.isEmpty();
    }

    /** True when any of {@code cells} overlaps the evaluation texts. */
    public boolean contaminated(Collection<String> cells) {
        for (String cell : cells) {
            List<String> words = words(cell);
            if (shortTexts.contains(String.join(" ", words))) {
                return true;
            }
            if (words.size() >= n) {
                for (String g : ngrams(words)) {
                    if (grams.contains(g)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private List<String> ngrams(List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + n <= words.size(); i++) {
            out.add(String.join(" ", words.subList(i, i + n)));
        }
        return out;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text != null) {
            Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
            while (m.find()) {
                words.add(m.group());
            }
        }
        return words;
    }
}
