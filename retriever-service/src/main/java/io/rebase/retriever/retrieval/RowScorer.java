package io.rebase.retriever.retrieval;

import io.rebase.contracts.LabelNames;
import io.rebase.contracts.RowScores;
import io.rebase.contracts.TaskRequestValidator;
import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.store.VectorPoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a row exactly against a task with the ReBase signals:
 * <ul>
 * <li><b>input</b>: cells are matched to the task's input fields one to one (greedy, best pairs first), and the
 * field scores averaged; a row needs a premise-like AND a hypothesis-like cell to score high for NLI, where a
 * plain max over cells would reward any single sentence;</li>
 * <li><b>output</b>: the best of the remaining cells against the example outputs;</li>
 * <li><b>description</b>: the row's dataset+config description against the instruction;</li>
 * </ul>
 * plus two task-type signals: the overlap of the task's labels with the config's labels (classification; for
 * tasks without labels, such as QA, rows of labelled configs get -1) and
 * whether a short cell is a span of the row's passage-like cell (extractive QA), and a shape signal from the config's
 * {@link ColumnProfiles.Profile}: how close the typical length of the columns read as input fields is to the examples'
 * (a 25-word tweet or a 4,000-word article can embed as close to a 130-word paragraph as another paragraph does),
 * and how often the output column's text occurs in each of them vs the examples (answers copied from the question).
 */
public class RowScorer {

    /** A length ratio of this much (either way) or more scores 0 on the length signal. */
    private static final double LENGTH_RATIO_FLOOR = Math.log(8);

    /**
     * What the scorer knows of a config.
     *
     * @param profile its rows' shape ({@link ColumnProfiles.Profile#NONE}: unknown, the shape signal stays 1)
     */
    public record ConfigInfo(float[] description, List<String> labels, ColumnProfiles.Profile profile) {

        public ConfigInfo(float[] description, List<String> labels) {
            this(description, labels, ColumnProfiles.Profile.NONE);
        }
    }

    private final TaskQueries queries;
    private final Weights weights;
    private final Set<String> taskLabels;
    private final boolean extractiveTask;
    private final boolean classificationTask;
    private final List<String> fields;
    private final RowReadings readings;
    /** Per config id: the signals every row of a config shares, computed once. */
    private final Map<String, ConfigSignals> configSignals;

    /** The description and label signals, constant over a config's rows. */
    private record ConfigSignals(ConfigInfo info, double description, double labels) {
    }

    public RowScorer(TaskQueries queries, Weights weights, Collection<String> taskLabels, boolean extractiveTask,
                     Map<String, ConfigInfo> configs) {
        this(queries, weights, taskLabels, extractiveTask, !taskLabels.isEmpty(), configs);
    }

    /**
     * @param classificationTask for a classification task without labels the label signal stays neutral; for
     *                           other tasks without labels, rows of labelled (classification) configs get -1
     */
    public RowScorer(TaskQueries queries, Weights weights, Collection<String> taskLabels, boolean extractiveTask,
                     boolean classificationTask, Map<String, ConfigInfo> configs) {
        this.classificationTask = classificationTask;
        this.queries = queries;
        this.weights = weights;
        this.taskLabels = normalised(taskLabels);
        this.extractiveTask = extractiveTask;
        this.fields = List.copyOf(queries.inputs().keySet());
        this.readings = new RowReadings(queries, weights, fields, extractiveTask);
        Map<String, ConfigSignals> signals = new java.util.HashMap<>();
        configs.forEach((id, info) -> signals.put(id, new ConfigSignals(info,
                info == null || info.description() == null ? 0 : Embedder.dot(info.description(), queries.instruction()),
                labelScore(info))));
        this.configSignals = signals;
    }

    /**
     * The label signal of a config's rows: the overlap of its labels with the task's (by name or synonym, the
     * transformer's rule); for a task without labels that
     * is not a classification task, -1 for a labelled config.
     */
    private double labelScore(ConfigInfo info) {
        if (info == null || info.labels().isEmpty()) {
            return 0;
        }
        if (!taskLabels.isEmpty()) {
            Set<String> rowLabels = normalised(info.labels());
            long common = taskLabels.stream().filter(t -> rowLabels.stream().anyMatch(l -> LabelNames.same(t, l))).count();
            return (double) common / Math.max(taskLabels.size(), rowLabels.size());
        }
        // A task without a label set (QA, generation) is poorly served by rows of a classification set.
        return classificationTask ? 0 : -1;
    }

    /** The scores of row {@code rowId} from its cells (all of the same config). */
    public ScoredRow score(String rowId, List<VectorPoint> cells) {
        VectorPoint first = cells.get(0);
        int n = cells.size();
        RowReadings.Reading best = readings.best(cells);
        ConfigSignals shared = configSignals.get(first.dataset() + "/" + first.config());
        ConfigInfo info = shared == null ? null : shared.info();
        double description = shared == null ? 0 : shared.description();
        double labels = shared == null ? 0 : shared.labels();
        double shape = shapeMatch(best.cellOfField(), best.outputCell(), cells, info);
        double combined = weights.combine(best.input(), best.output(), description, labels, best.extractive(), shape);
        List<float[]> vectors = new ArrayList<>(n);
        List<String> columns = new ArrayList<>(n);
        cells.forEach(p -> {
            vectors.add(p.vector());
            columns.add(p.column());
        });
        return new ScoredRow(rowId, first.dataset(), first.config(), first.rowIndex(),
                new RowScores(round(best.input()), round(best.output()), round(description), round(combined),
                        best.bestInputCell() >= 0 ? cells.get(best.bestInputCell()).column() : null,
                        best.outputCell() >= 0 ? cells.get(best.outputCell()).column() : null),
                round(labels), best.extractive(), round(shape), columns, vectors,
                best.outputCell() >= 0 ? cells.get(best.outputCell()).textHash() : null);
    }

    /**
     * 1 minus, summed over the task's input fields and divided by their number, (a) |ln(column words / example words)|
     * / ln 8, capped at 1, and (b) the difference between how often the output column's text occurs in the field's
     * column and how often the examples' output occurs in that field; with the column each field was read from.
     * Unknown parts count as a match; the result is at least 0.
     */
    private double shapeMatch(int[] cellOfField, int outputCell, List<VectorPoint> cells, ConfigInfo info) {
        if (info == null || info.profile().words().isEmpty() || fields.isEmpty()) {
            return 1;
        }
        String outputColumn = outputCell < 0 ? null : cells.get(outputCell).column();
        double penalty = 0;
        for (int j = 0; j < fields.size(); j++) {
            if (cellOfField[j] < 0) {
                continue;
            }
            String column = cells.get(cellOfField[j]).column();
            Double example = queries.fieldWords().get(fields.get(j));
            Double words = info.profile().words().get(column);
            if (example != null && words != null) {
                penalty += Math.min(1, Math.abs(Math.log((words + 1) / (example + 1))) / LENGTH_RATIO_FLOOR);
            }
            Double taskCopies = queries.outputIn().get(fields.get(j));
            Double rowCopies = outputColumn == null ? null : info.profile().containedIn(outputColumn, column);
            if (taskCopies != null && rowCopies != null) {
                penalty += Math.abs(rowCopies - taskCopies);
            }
        }
        return Math.max(0, 1 - penalty / fields.size());
    }

    private static Set<String> normalised(Collection<String> labels) {
        Set<String> out = new HashSet<>();
        if (labels != null) {
            labels.forEach(l -> out.add(TaskRequestValidator.normalise(l)));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
