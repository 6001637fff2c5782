package io.rebase.trainer.report;

import io.rebase.contracts.TaskType;
import io.rebase.contracts.Choices;
import io.rebase.student.data.GoldExample;
import io.rebase.student.eval.EvalReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The final evaluation item by item: each example's gold label (a multiple-choice answer as its option letter, as the
 * student scores it) and the student's prediction. Kept in {@code report.json} so a report rendered later still has it.
 *
 * @param gold      gold label or answer per item
 * @param predicted the student's output per item
 */
public record FinalEvaluation(List<String> gold, List<String> predicted) {

    public FinalEvaluation {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("final evaluation has " + gold.size() + " gold items but "
                    + predicted.size() + " predictions");
        }
    }

    /** Pairs each gold example with the report's prediction for it; null when there was no evaluation. */
    public static FinalEvaluation of(String taskType, List<GoldExample> examples, EvalReport report) {
        if (report == null || report.predictions() == null || examples == null) {
            return null;
        }
        boolean mc = TaskType.MULTIPLE_CHOICE.wireName().equals(taskType);
        List<String> gold = new ArrayList<>();
        for (GoldExample e : examples) {
            String first = e.golds().isEmpty() ? "" : e.golds().get(0);
            gold.add(mc ? Choices.letterOf(first) : first.trim());
        }
        return new FinalEvaluation(gold, report.predictions().stream().map(p -> p.output()).toList());
    }

    /** Reads the {@code finalEvaluation} block of a report written earlier; null when it has none. */
    @SuppressWarnings("unchecked")
    public static FinalEvaluation fromReport(Map<String, Object> report) {
        if (!(report.get("finalEvaluation") instanceof Map<?, ?> block) || !(block.get("items") instanceof List<?> items)) {
            return null;
        }
        List<String> gold = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> m = (Map<String, Object>) item;
            gold.add(String.valueOf(m.get("gold")));
            predicted.add(String.valueOf(m.get("predicted")));
        }
        return new FinalEvaluation(gold, predicted);
    }

    /** Whether the task's outputs are labels a confusion matrix can count. */
    public static boolean hasLabels(String taskType) {
        return TaskType.CLASSIFICATION.wireName().equals(taskType) || TaskType.MULTIPLE_CHOICE.wireName().equals(taskType);
    }

    /** The confusion matrix, labels in the task's order. */
    public Confusion confusion(List<String> taskLabels) {
        return Confusion.of(taskLabels, gold, predicted);
    }

    /** The JSON block: items, and for labelled tasks the confusion matrix with per-label precision and recall. */
    public Map<String, Object> toMap(String taskType, List<String> taskLabels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", gold.size());
        if (hasLabels(taskType)) {
            m.put("confusion", confusion(taskLabels).toMap());
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < gold.size(); i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("gold", gold.get(i));
            item.put("predicted", predicted.get(i));
            items.add(item);
        }
        m.put("items", items);
        return m;
    }
}
