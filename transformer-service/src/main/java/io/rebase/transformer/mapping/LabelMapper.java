package io.rebase.transformer.mapping;

import io.rebase.contracts.LabelNames;
import io.rebase.transformer.service.ExampleValidator;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Maps a row's label onto one of the task's labels for the mapping mode, or says that none maps with confidence. */
final class LabelMapper {

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    private final TextEmbedder embedder;
    private final MappingSettings settings;

    LabelMapper(TextEmbedder embedder, MappingSettings settings) {
        this.embedder = embedder;
        this.settings = settings;
    }

    /**
     * The task label that a row label means, or null when none or several could: name, synonyms,
     * "not entailment" onto a two-way task, label-name similarity; a numeric label only through the
     * config's own label names.
     */
    String map(List<String> taskLabels, List<String> rowLabels, String value) {
        if (value == null || value.isBlank() || taskLabels == null || taskLabels.isEmpty()) {
            return null;
        }
        String v = value.strip();
        if (INTEGER.matcher(v).matches()) {
            String exact = ExampleValidator.canonicalLabel(taskLabels, v);
            if (exact != null) {
                return exact;
            }
            int index = Integer.parseInt(v);
            if (rowLabels == null || index < 0 || index >= rowLabels.size()) {
                return null; // a bare number says nothing without the config's label names
            }
            v = rowLabels.get(index);
        }
        String exact = ExampleValidator.canonicalLabel(taskLabels, v);
        if (exact != null) {
            return exact;
        }
        Set<String> group = Synonyms.labelGroup(v);
        if (group != null) {
            // the retriever's rule for "shares a label", so both agree on which rows are mappable
            String name = v;
            List<String> same = taskLabels.stream().filter(l -> LabelNames.same(name, l)).toList();
            if (same.size() == 1) {
                return same.get(0);
            }
            if (group.contains("not entailment")) {
                // "not entailment" is the other label of a two-way entailment task, ambiguous on a three-way one
                Set<String> entail = Synonyms.labelGroup("entailment");
                List<String> others = taskLabels.stream().filter(l -> !entail.contains(Synonyms.key(l))).toList();
                return taskLabels.size() == 2 && others.size() == 1 ? others.get(0) : null;
            }
        }
        String best = null;
        double bestScore = -1;
        double second = -1;
        for (String label : taskLabels) {
            double s = embedder.similarity(Synonyms.key(v), Synonyms.key(label));
            if (s > bestScore) {
                second = bestScore;
                bestScore = s;
                best = label;
            } else if (s > second) {
                second = s;
            }
        }
        return bestScore >= settings.labelSimilarity() && bestScore - second >= settings.labelMargin() ? best : null;
    }
}
