package io.rebase.trainer.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges whether the datastore fits a task, from what became of its retrieved rows and how relevant they were:
 * <ul>
 * <li>fewer usable rows than {@code minUsableRows} (none at all being the extreme): the stream is not used, the
 * student is trained on the task's examples alone and is not called ReBase, and a warning says what was retrieved,
 * why the rows were rejected and what would help;</li>
 * <li>the selected rows' median input signal below {@code minRelevance} times the examples' similarity to each
 * other: the rows are used, with a warning that they resemble the task's inputs far less than its own examples
 * resemble each other.</li>
 * </ul>
 */
public final class DatastoreFit {

    /**
     * The relevance ratio below which the low-relevance warning is raised, calibrated with the retriever on the
     * datastore ({@code benchmarks/retriever/fit-calibration.py}, benchmarks/RESULTS.md "Datastore fit"): 16 tasks made
     * from datastore sets, each retrieved once with its related sets present (fits) and once with its whole family
     * excluded (does not fit). At 0.5 (half the examples' own similarity) 1-2 of 15 fitting tasks were flagged and 4-7
     * of 15 non-fitting ones, at both selection depths measured; higher cuts flagged more fitting tasks at the deeper
     * selection. The input signal sees topic and form, not the labels' meaning: a sentiment task whose sentiment sets
     * are gone still finds sentences as close as its own examples, so label misfits are left to the rejection counts
     * and the served-model choice.
     */
    public static final double DEFAULT_MIN_RELEVANCE = 0.5;
    /** Fewer usable rows than this cannot move the student beyond its examples (about three batches). */
    public static final int DEFAULT_MIN_USABLE_ROWS = 50;

    private final int minUsableRows;
    private final double minRelevance;

    /**
     * @param minUsableRows usable rows below which the stream is not trained on (at least 1)
     * @param minRelevance  relevance ratio below which the rows are called of low relevance, in [0, 1]
     */
    public DatastoreFit(int minUsableRows, double minRelevance) {
        if (minUsableRows < 1) {
            throw new IllegalArgumentException("rebase.trainer.fit.min-usable-rows must be at least 1, was " + minUsableRows);
        }
        if (!(minRelevance >= 0 && minRelevance <= 1)) {
            throw new IllegalArgumentException("rebase.trainer.fit.min-relevance must be in [0, 1], was " + minRelevance);
        }
        this.minUsableRows = minUsableRows;
        this.minRelevance = minRelevance;
    }

    /**
     * The judgement.
     *
     * @param useStream whether the stream's rows are trained on (enough of them are usable); when not, the model is
     *                  the examples-only student and must not be called ReBase
     * @param warnings  the warnings to announce, most serious first
     */
    public record Verdict(boolean useStream, List<FitWarning> warnings) {
        public Verdict {
            warnings = List.copyOf(warnings);
        }
    }

    /** Judges a complete stream. */
    public Verdict judge(StreamOutcome o) {
        List<FitWarning> warnings = new ArrayList<>();
        boolean useStream = o.usable() >= minUsableRows;
        if (!useStream) {
            warnings.add(tooFew(o));
        }
        lowRelevance(o).ifPresent(warnings::add);
        return new Verdict(useStream, warnings);
    }

    /** Whether the relevance figures alone call for a warning (known as soon as the rows are retrieved). */
    public java.util.Optional<FitWarning> lowRelevance(StreamOutcome o) {
        StreamOutcome.Relevance r = o.relevance();
        Double ratio = r == null ? null : r.ratio();
        if (ratio == null || ratio >= minRelevance || o.retrieved() == 0) {
            return java.util.Optional.empty();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("inputMedian", r.inputMedian());
        details.put("exampleSimilarity", r.exampleSimilarity());
        details.put("ratio", ratio);
        details.put("minRelevance", minRelevance);
        details.put("datasetMix", o.datasetMix());
        String message = String.format("The retrieved rows%s resemble the task's inputs far less than its examples resemble "
                        + "each other (median input similarity %.2f vs %.2f between the examples, ratio %.2f < %.2f): "
                        + "the datastore holds little like this task, and its rows may make the student worse.",
                topDatasets(o), r.inputMedian(), r.exampleSimilarity(), ratio, minRelevance);
        List<String> advice = new ArrayList<>();
        advice.add("ingest datasets closer to the task (POST /datasets) or exclude unrelated ones (retrieval.excludeDatasets)");
        advice.add("give evaluation.evalSetPath so that the served model is chosen on the task's own data");
        return java.util.Optional.of(new FitWarning(FitWarning.LOW_RELEVANCE, message, advice, details));
    }

    private FitWarning tooFew(StreamOutcome o) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("retrieved", o.retrieved());
        details.put("usable", o.usable());
        details.put("rejected", o.rejected());
        details.put("rejectedByReason", o.rejectedByReason());
        details.put("deadLettered", o.deadLettered());
        details.put("minUsableRows", minUsableRows);
        details.put("datasetMix", o.datasetMix());
        String what = o.usable() == 0
                ? String.format("None of the %d retrieved rows%s became a training example", o.retrieved(), topDatasets(o))
                : String.format("Only %d of the %d retrieved rows%s became training examples (fewer than %d)",
                o.usable(), o.retrieved(), topDatasets(o), minUsableRows);
        String message = what + ": " + outcomes(o) + ". The model is trained on the task's " + o.examples()
                + " example" + (o.examples() == 1 ? "" : "s") + " alone; it is not a ReBase model.";
        return new FitWarning(o.usable() == 0 ? FitWarning.NO_USABLE_ROWS : FitWarning.FEW_USABLE_ROWS, message,
                advice(o), details);
    }

    /** "600 rejected (label-not-mappable 590, no-field-mapping 10), 2 dead-lettered". */
    private static String outcomes(StreamOutcome o) {
        List<String> parts = new ArrayList<>();
        if (o.rejected() > 0) {
            parts.add(o.rejected() + " rejected (" + o.rejectedByReason().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")");
        }
        if (o.deadLettered() > 0) {
            parts.add(o.deadLettered() + " dead-lettered");
        }
        long unaccounted = o.retrieved() - o.usable() - o.rejected() - o.deadLettered();
        if (unaccounted > 0) {
            parts.add(unaccounted + " never reached the trainer");
        }
        return parts.isEmpty() ? "nothing was retrieved" : String.join(", ", parts);
    }

    private static String topDatasets(StreamOutcome o) {
        if (o.datasetMix().isEmpty()) {
            return "";
        }
        return " (from " + o.datasetMix().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                + (o.datasetMix().size() > 3 ? ", ..." : "") + ")";
    }

    /** What would help, from the rejection reasons: one suggestion per cause, then the general ones. */
    private static List<String> advice(StreamOutcome o) {
        boolean llm = "llm".equalsIgnoreCase(o.transformMode());
        Set<String> out = new LinkedHashSet<>();
        for (String reason : o.rejectedByReason().keySet()) {
            switch (reason) {
                case "label-not-mappable", "label-not-in-set" -> {
                    String labels = o.taskLabels().isEmpty() ? "" : " (" + String.join(", ", o.taskLabels()) + ")";
                    if (!llm) {
                        out.add("an LLM transform mode (transform.mode=llm) to relabel rows whose labels are not the task's" + labels);
                    }
                    out.add("other labels: name the task's labels" + labels + " as a datastore dataset does");
                    out.add("other datasets: ingest one that uses these labels");
                }
                case "no-field-mapping", "missing-field", "no-output-column", "empty-output", "answer-not-in-context",
                     "answer-not-an-option" -> {
                    if (!llm) {
                        out.add("an LLM transform mode (transform.mode=llm) to rewrite rows whose columns do not map onto the task's fields");
                    }
                    out.add("other datasets: ingest one shaped like the task (same fields and kind of answer)");
                }
                case "judge-rejected" -> out.add("other datasets, or transform.judge=false if the judge is too strict for this task");
                default -> {
                    if (reason.startsWith("llm-")) {
                        out.add("check the LLM endpoint: rows failed with " + reason);
                    }
                }
            }
        }
        if (o.deadLettered() > 0) {
            out.add("replay the dead-lettered rows once their cause is fixed (rebase replay-dlq)");
        }
        out.add("exclude unrelated datasets (retrieval.excludeDatasets) or ingest datasets closer to the task");
        return List.copyOf(out);
    }
}
