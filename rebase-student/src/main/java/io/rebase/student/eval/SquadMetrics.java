package io.rebase.student.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** SQuAD v1.1 exact match and token F1 with the official answer normalisation. */
public final class SquadMetrics {

    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private SquadMetrics() {}

    /** Lower-cases, removes ASCII punctuation and the articles a/an/the, collapses whitespace. */
    public static String normalize(String s) {
        String lower = s.toLowerCase();
        StringBuilder b = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            // Python's string.punctuation: the ASCII punctuation set
            if (!(c < 128 && isAsciiPunctuation(c))) {
                b.append(c);
            }
        }
        String noArticles = ARTICLES.matcher(b.toString()).replaceAll(" ");
        return WHITESPACE.matcher(noArticles).replaceAll(" ").trim();
    }

    /** 1 if the normalised prediction equals any normalised gold answer, else 0. */
    public static double exactMatch(String prediction, List<String> golds) {
        String p = normalize(prediction);
        return golds.stream().anyMatch(g -> normalize(g).equals(p)) ? 1.0 : 0.0;
    }

    /** Maximum over gold answers of the bag-of-tokens F1 between normalised strings. */
    public static double f1(String prediction, List<String> golds) {
        return golds.stream().mapToDouble(g -> f1(prediction, g)).max().orElse(0.0);
    }

    /** Token F1 against one gold answer. */
    public static double f1(String prediction, String gold) {
        List<String> p = tokens(prediction);
        List<String> g = tokens(gold);
        if (p.isEmpty() || g.isEmpty()) {
            // SQuAD v1.1 script: no common token means 0, even when both sides normalise to nothing
            return 0.0;
        }
        Map<String, Integer> counts = new HashMap<>();
        g.forEach(t -> counts.merge(t, 1, Integer::sum));
        int common = 0;
        for (String t : p) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                common++;
                counts.put(t, c - 1);
            }
        }
        if (common == 0) {
            return 0.0;
        }
        double precision = (double) common / p.size();
        double recall = (double) common / g.size();
        return 2 * precision * recall / (precision + recall);
    }

    private static List<String> tokens(String s) {
        String n = normalize(s);
        return n.isEmpty() ? List.of() : Arrays.asList(n.split(" "));
    }

    private static boolean isAsciiPunctuation(char c) {
        return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
    }
}
