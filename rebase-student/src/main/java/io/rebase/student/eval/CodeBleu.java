package io.rebase.student.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Corpus BLEU-4 of generated code as the CoNaLa / MCoNaLa evaluation computes it: code is split by
 * {@code tokenize_for_bleu_eval} (Wang Ling et al. 2016: every non-word character is a token, camelCase is split,
 * both quote kinds become a backquote), then the unsmoothed corpus BLEU of the baseline's {@code bleu_score.py}
 * (clipped n-gram matches summed over the corpus for n = 1..4, geometric mean, brevity penalty on the summed
 * lengths; 0 when any order has no match). One reference per hypothesis.
 */
public final class CodeBleu {

    private static final int MAX_ORDER = 4;
    private static final Pattern NON_WORD = Pattern.compile("([^A-Za-z0-9_])");
    private static final Pattern CAMEL = Pattern.compile("([a-z])([A-Z])");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private CodeBleu() {}

    /** The tokens of {@code code}, as CoNaLa's {@code tokenize_for_bleu_eval} gives them. */
    public static List<String> tokenize(String code) {
        String s = NON_WORD.matcher(code).replaceAll(" $1 ");
        s = CAMEL.matcher(s).replaceAll("$1 $2");
        s = SPACES.matcher(s).replaceAll(" ");
        s = s.replace('"', '`').replace('\'', '`');
        List<String> tokens = new ArrayList<>();
        for (String t : s.split(" ")) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        return tokens;
    }

    /** Corpus BLEU-4 in [0, 1] of {@code hypotheses} against their {@code references} (same order, same size). */
    public static double corpus(List<String> references, List<String> hypotheses) {
        if (references.size() != hypotheses.size()) {
            throw new IllegalArgumentException(references.size() + " references for " + hypotheses.size() + " hypotheses");
        }
        long[] matches = new long[MAX_ORDER];
        long[] possible = new long[MAX_ORDER];
        long refLength = 0;
        long hypLength = 0;
        for (int i = 0; i < references.size(); i++) {
            List<String> ref = tokenize(references.get(i));
            List<String> hyp = tokenize(hypotheses.get(i));
            refLength += ref.size();
            hypLength += hyp.size();
            for (int n = 1; n <= MAX_ORDER; n++) {
                Map<List<String>, Integer> refCounts = ngrams(ref, n);
                for (Map.Entry<List<String>, Integer> e : ngrams(hyp, n).entrySet()) {
                    matches[n - 1] += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
                }
                possible[n - 1] += Math.max(0, hyp.size() - n + 1);
            }
        }
        double logSum = 0;
        for (int n = 0; n < MAX_ORDER; n++) {
            if (possible[n] == 0 || matches[n] == 0) {
                return 0;
            }
            logSum += Math.log((double) matches[n] / possible[n]);
        }
        double geoMean = Math.exp(logSum / MAX_ORDER);
        if (hypLength == 0) {
            return 0;
        }
        double ratio = (double) hypLength / refLength;
        double brevity = ratio > 1 ? 1 : Math.exp(1 - 1 / ratio);
        return geoMean * brevity;
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }
}
