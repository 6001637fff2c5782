package io.rebase.trainer.decoder;

import io.rebase.contracts.LabelNames;
import io.rebase.contracts.TaskType;
import io.rebase.student.decoder.CotTarget;
import io.rebase.student.eval.CodeBleu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores of generated texts against gold answers, on the answer extracted from each text: the answer line
 * ({@link CotTarget#answer}); for multiple choice the option letter; for classification the task label it names
 * ({@link LabelNames}: by name or synonym). Metrics, all in [0, 1]: {@code exact_match} (whitespace-normalised
 * answer equal to a gold) for every type; {@code accuracy} for classification and multiple choice; corpus
 * {@code bleu} (BLEU-4, CoNaLa tokenisation) for generation.
 */
public final class GenerationScores {

    private static final Pattern LETTER = Pattern.compile("(?<![A-Za-z])\\(?([A-Z])\\)?(?![A-Za-z])");

    private final TaskType type;
    private final List<String> labels;

    public GenerationScores(TaskType type, List<String> labels) {
        this.type = type;
        this.labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** The answer a generated text gives, as this task's type reads it (null when it names no label or option). */
    public String answer(String generated) {
        String line = CotTarget.answer(generated == null ? "" : generated);
        return switch (type) {
            case MULTIPLE_CHOICE -> letter(line);
            case CLASSIFICATION -> label(line);
            default -> line;
        };
    }

    /** The rationale of a generated text: what precedes its answer line, or empty. */
    public static String rationale(String generated) {
        int at = generated == null ? -1 : generated.lastIndexOf(CotTarget.ANSWER_PREFIX);
        return at <= 0 ? "" : generated.substring(0, at).strip();
    }

    /** The metrics of {@code generated} texts against {@code golds} (acceptable answers per example, same order). */
    public Map<String, Double> score(List<String> generated, List<List<String>> golds) {
        if (generated.size() != golds.size()) {
            throw new IllegalArgumentException(generated.size() + " generations for " + golds.size() + " gold examples");
        }
        int exact = 0;
        int correct = 0;
        List<String> hypotheses = new ArrayList<>();
        List<String> references = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            String answer = answer(generated.get(i));
            List<String> gold = golds.get(i);
            if (answer != null && gold.stream().anyMatch(g -> normalise(g).equals(normalise(answer)))) {
                exact++;
            }
            if (answer != null && gold.stream().anyMatch(g -> same(g, answer))) {
                correct++;
            }
            hypotheses.add(answer == null ? "" : answer);
            references.add(gold.isEmpty() ? "" : gold.get(0));
        }
        int n = Math.max(1, generated.size());
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("exact_match", (double) exact / n);
        if (type == TaskType.CLASSIFICATION || type == TaskType.MULTIPLE_CHOICE) {
            out.put("accuracy", (double) correct / n);
        }
        if (type == TaskType.GENERATION) {
            out.put("bleu", generated.isEmpty() ? 0.0 : CodeBleu.corpus(references, hypotheses));
        }
        return out;
    }

    private boolean same(String gold, String answer) {
        return switch (type) {
            case CLASSIFICATION -> LabelNames.same(gold, answer);
            case MULTIPLE_CHOICE -> gold.strip().equalsIgnoreCase(answer);
            default -> normalise(gold).equals(normalise(answer));
        };
    }

    private static String letter(String line) {
        Matcher m = LETTER.matcher(line.strip());
        return m.find() ? m.group(1) : null;
    }

    /** The task label equal to the answer (by name or synonym), else the label the answer mentions first. */
    private String label(String line) {
        for (String l : labels) {
            if (LabelNames.same(l, line)) {
                return l;
            }
        }
        String lower = line;
        String first = null;
        int firstAt = Integer.MAX_VALUE;
        for (String l : labels) {
            java.util.Set<String> group = LabelNames.group(l);
            for (String name : group == null ? java.util.Set.of(LabelNames.key(l)) : group) {
                int at = LabelNames.key(lower).indexOf(name);
                if (at >= 0 && at < firstAt) {
                    firstAt = at;
                    first = l;
                }
            }
        }
        return first;
    }

    static String normalise(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }
}
