package io.rebase.transformer.mapping;

import io.rebase.contracts.LabelNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Column-name synonyms of the datastore's common schemas (label names: {@link LabelNames}). Groups are ordered: the first
 * column of a group that a row has wins.
 */
public final class Synonyms {

    /** Column names that hold the same kind of input, in preference order. */
    static final List<List<String>> FIELD_GROUPS = List.of(
            List.of("sentence", "text", "review", "tweet", "content", "utterance", "document"),
            List.of("premise", "sentence1", "context", "passage", "text"),
            List.of("hypothesis", "sentence2", "claim", "statement", "question"),
            List.of("question", "query", "intent", "problem", "prompt"),
            List.of("context", "passage", "paragraph", "dialogue", "article", "background", "situation", "document"),
            List.of("choices", "options"));

    /** Columns that may hold a classification label, in preference order. */
    static final List<String> LABEL_COLUMNS = List.of("label", "gold_label", "answer", "output", "class", "sentiment", "target");
    /** Columns that may hold an extractive answer, in preference order. */
    static final List<String> ANSWER_COLUMNS = List.of("answer", "answer_text", "answers", "output", "target");
    /** Columns that may hold a multiple-choice answer letter, in preference order. */
    static final List<String> CHOICE_ANSWER_COLUMNS = List.of("answer", "answerkey", "label", "answer_text");
    /** Columns that may hold a free-text target, in preference order. */
    static final List<String> GENERATION_COLUMNS = List.of("output", "answer", "target", "snippet", "solution",
            "summary", "response", "answer_text");
    /**
     * Class-label columns: never a generation task's output, since a class name is not the free text or code such a
     * task asks for (without this, sentiment and NLI rows became "code" examples).
     */
    static final Set<String> CLASS_LABEL_COLUMNS = Set.of("label", "labels", "gold_label", "class", "sentiment",
            "coarse_label", "fine_label");
    /** Human rationale columns kept as the example's rationale in mapping mode, in preference order. */
    static final List<String> RATIONALE_COLUMNS = List.of("explanation_1", "explanation", "rationale", "solution", "facts");
    /** Bookkeeping columns never mapped onto a task field. */
    static final Set<String> META_COLUMNS = Set.of("id", "split", "answer_start", "document_id", "question_id",
            "sentence1_id", "sentence2_id", "level", "question_type", "fine_label", "fine_label_code", "term",
            "term_description", "decomposition", "explanation_2", "explanation_3", "idx", "label", "gold_label");

    private Synonyms() {
    }

    /** Lower case, underscores and hyphens as spaces, whitespace collapsed. */
    public static String key(String name) {
        return LabelNames.key(name);
    }

    /** The column names that may fill task field {@code field}, best first (the field's own name first). */
    static List<String> columnsFor(String field) {
        String f = field.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        out.add(f);
        for (List<String> group : FIELD_GROUPS) {
            if (group.contains(f)) {
                group.stream().filter(c -> !out.contains(c)).forEach(out::add);
            }
        }
        return out;
    }

    /** The synonym group of a label name, or null. */
    static Set<String> labelGroup(String label) {
        return LabelNames.group(label);
    }
}
