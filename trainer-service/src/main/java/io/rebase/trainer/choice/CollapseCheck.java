package io.rebase.trainer.choice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Flags a served classifier that answers (nearly) always the same: one class for more than the threshold share of the
 * evaluation items. A collapsed student scores the majority class's share and no more, which an accuracy figure
 * alone does not show.
 */
public final class CollapseCheck {

    /** The default: more than 90 % of the items. */
    public static final double DEFAULT_THRESHOLD = 0.9;
    /** Fewer evaluation items say nothing about a collapse (one item is always 100 % one class). */
    public static final int MIN_ITEMS = 10;

    private final double threshold;

    /** @param threshold the share of items above which one predicted class counts as a collapse, in (0, 1) */
    public CollapseCheck(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("collapse threshold must be in (0, 1), was " + threshold);
        }
        this.threshold = threshold;
    }

    /**
     * The note on a collapse.
     *
     * @param label     the class predicted
     * @param share     the share of items it was predicted for
     * @param goldShare the share of items whose gold answer it is (null when unknown)
     * @param items     items evaluated
     * @param message   one sentence for the report and summary
     */
    public record Note(String label, double share, Double goldShare, int items, String message) {

        public Map<String, Object> toDetails() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("label", label);
            out.put("share", share);
            if (goldShare != null) {
                out.put("goldShare", goldShare);
            }
            out.put("items", items);
            out.put("message", message);
            return out;
        }
    }

    /**
     * Checks the served model's predictions (nothing below {@value #MIN_ITEMS} items).
     *
     * @param predicted the predicted class per evaluation item
     * @param gold      the gold class per item, in the same order, or null
     */
    public Optional<Note> check(List<String> predicted, List<String> gold) {
        if (predicted.size() < MIN_ITEMS) {
            return Optional.empty();
        }
        Map<String, Long> counts = predicted.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Map.Entry<String, Long> top = counts.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).orElseThrow();
        double share = top.getValue() / (double) predicted.size();
        if (share <= threshold) {
            return Optional.empty();
        }
        Double goldShare = gold == null || gold.size() != predicted.size() ? null
                : gold.stream().filter(top.getKey()::equals).count() / (double) gold.size();
        String message = String.format("the served model predicts '%s' for %.0f%% of the %d evaluation items%s",
                top.getKey(), 100 * share, predicted.size(),
                goldShare == null ? "" : String.format(" (it is the answer for %.0f%% of them)", 100 * goldShare));
        return Optional.of(new Note(top.getKey(), share, goldShare, predicted.size(), message));
    }
}
