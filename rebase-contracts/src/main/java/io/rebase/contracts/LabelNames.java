package io.rebase.contracts;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Label names that mean the same thing across datasets ("pos" and "positive", "entails" and "entailment"). The
 * retriever and the offline transformer share this one rule, so that the retriever never selects rows for their
 * labels that the transformer could not map, and never leaves out rows it could.
 */
public final class LabelNames {

    /** Label names meaning the same thing, compared by {@link #key}. */
    private static final List<Set<String>> GROUPS = List.of(
            Set.of("positive", "pos", "good", "favorable", "favourable"),
            Set.of("negative", "neg", "bad", "unfavorable", "unfavourable"),
            Set.of("entailment", "entails", "entailed", "entail", "implied"),
            Set.of("contradiction", "contradicts", "contradictory", "contradict"),
            Set.of("neutral", "neither"),
            Set.of("yes", "true", "correct"),
            Set.of("no", "false", "incorrect"),
            Set.of("paraphrase", "equivalent", "duplicate"),
            Set.of("not paraphrase", "not equivalent", "not duplicate"),
            Set.of("not entailment", "non entailment", "not entailed"));

    private LabelNames() {
    }

    /** Lower case, underscores and hyphens as spaces, whitespace collapsed. */
    public static String key(String name) {
        return name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replaceAll("[_\\-]+", " ").replaceAll("\\s+", " ");
    }

    /** The synonym group of a label name (keys), or null when it has none. */
    public static Set<String> group(String label) {
        String k = key(label);
        return GROUPS.stream().filter(g -> g.contains(k)).findFirst().orElse(null);
    }

    /** Whether two label names mean the same: equal keys, or the same synonym group. */
    public static boolean same(String a, String b) {
        String ka = key(a);
        String kb = key(b);
        if (ka.isEmpty() || kb.isEmpty()) {
            return false;
        }
        Set<String> group = group(a);
        return ka.equals(kb) || group != null && group.contains(kb);
    }

    /** Whether any label of {@code labels} means the same as one of {@code taskLabels}. */
    public static boolean anyShared(Collection<String> taskLabels, Collection<String> labels) {
        return taskLabels.stream().anyMatch(t -> labels.stream().anyMatch(l -> same(t, l)));
    }
}
