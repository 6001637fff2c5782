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

    public ScoredRow score(String rowId, List<VectorPoint> cells) {
        VectorPoint first = cells.get(0);
        int n = cells.size();
        int f = fields.size();
        double[][] sim = new double[n][f];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < f; j++) {
                sim[c][j] = max(cells.get(c).vector(), queries.inputs().get(fields.get(j)));
            }
        }
        double[] outputSim = new double[n];
        for (int c = 0; c < n; c++) {
            outputSim[c] = queries.outputs().isEmpty() ? 0 : max(cells.get(c).vector(), queries.outputs());
        }
        Interpretation best = interpret(cells, sim, outputSim, -1, -1, -1, false);
        // The greedy field matching may spend the output-like cell (a label word) on an input field whose own cell
        // resembles that field's examples less; reading the best output cell first and matching the inputs to the
        // rest is the other plausible reading. The better one wins.
        int outputFirst = bestOutputCell(outputSim);
        if (outputFirst >= 0 && outputFirst != best.outputCell) {
            Interpretation other = interpret(cells, sim, outputSim, -1, -1, outputFirst, false);
            if (weights.combine(other.input, other.output, 0, 0, 0) > weights.combine(best.input, best.output, 0, 0, 0)) {
                best = other;
            }
        }
        // For extractive QA, also read the row as "passage + answer span": its passage-like cell takes the
        // task's context field and the span becomes the output. The better reading wins.
        int contextIndex = queries.contextField() == null ? -1 : fields.indexOf(queries.contextField());
        if (extractiveTask && contextIndex >= 0) {
            for (int s = 0; s < n; s++) {
                String container = cells.get(s).spanOf();
                if (container == null) {
                    continue;
                }
                for (int c = 0; c < n; c++) {
                    if (cells.get(c).column().equals(container)) {
                        Interpretation span = interpret(cells, sim, outputSim, c, contextIndex, s, true);
                        if (weights.combine(span.input, span.output, 0, 0, 1) > weights.combine(best.input, best.output, 0, 0, best.extractive)) {
                            best = span;
                        }
                    }
                }
            }
        }
        double input = best.input;
        double output = best.output;
        double extractive = best.extractive;
        int bestInputCell = best.bestInputCell;
        int outputCell = best.outputCell;
        ConfigSignals shared = configSignals.get(first.dataset() + "/" + first.config());
        ConfigInfo info = shared == null ? null : shared.info();
        double description = shared == null ? 0 : shared.description();
        double labels = shared == null ? 0 : shared.labels();
        double shape = shapeMatch(best.cellOfField, outputCell, cells, info);
        double combined = weights.combine(input, output, description, labels, extractive, shape);
        List<float[]> vectors = new ArrayList<>(n);
        List<String> columns = new ArrayList<>(n);
        cells.forEach(p -> {
            vectors.add(p.vector());
            columns.add(p.column());
        });
        return new ScoredRow(rowId, first.dataset(), first.config(), first.rowIndex(),
                new RowScores(round(input), round(output), round(description), round(combined),
                        bestInputCell >= 0 ? cells.get(bestInputCell).column() : null,
                        outputCell >= 0 ? cells.get(outputCell).column() : null),
                round(labels), extractive, round(shape), columns, vectors, outputCell >= 0 ? cells.get(outputCell).textHash() : null);
    }

    private record Interpretation(double input, double output, double extractive, int bestInputCell, int outputCell,
                                  int[] cellOfField) {
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

    /**
     * Matches cells to input fields one to one (greedy, best pairs first), optionally with one pair forced, and
     * takes the output from the remaining cells (or the forced output cell); {@code spanReading} marks the extractive
     * "passage + answer span" reading.
     */
    private Interpretation interpret(List<VectorPoint> cells, double[][] sim, double[] outputSim, int forcedCell, int forcedField,
                                     int forcedOutput, boolean spanReading) {
        int n = cells.size();
        int f = fields.size();
        int[] cellOfField = new int[f];
        java.util.Arrays.fill(cellOfField, -1);
        boolean[] used = new boolean[n];
        if (forcedCell >= 0) {
            cellOfField[forcedField] = forcedCell;
            used[forcedCell] = true;
        }
        if (forcedOutput >= 0) {
            used[forcedOutput] = true;
        }
        while (true) {
            int bestC = -1;
            int bestF = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < n; c++) {
                if (used[c]) {
                    continue;
                }
                for (int j = 0; j < f; j++) {
                    if (cellOfField[j] < 0 && sim[c][j] > best) {
                        best = sim[c][j];
                        bestC = c;
                        bestF = j;
                    }
                }
            }
            if (bestC < 0) {
                break;
            }
            used[bestC] = true;
            cellOfField[bestF] = bestC;
        }
        double input = 0;
        int bestInputCell = -1;
        double bestInput = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < f; j++) {
            if (cellOfField[j] >= 0) {
                double s = sim[cellOfField[j]][j];
                input += s;
                if (s > bestInput) {
                    bestInput = s;
                    bestInputCell = cellOfField[j];
                }
            }
        }
        input = f == 0 ? 0 : input / f;
        double output = 0;
        int outputCell = -1;
        if (forcedOutput >= 0) {
            outputCell = forcedOutput;
            output = outputSim[forcedOutput];
        } else {
            for (int c = 0; c < n; c++) {
                if (!used[c] && !queries.outputs().isEmpty()) {
                    double s = outputSim[c];
                    if (outputCell < 0 || s > output) {
                        output = s;
                        outputCell = c;
                    }
                }
            }
        }
        return new Interpretation(input, output, spanReading ? 1 : 0, bestInputCell, outputCell, cellOfField);
    }

    /** The cell most like the examples' outputs, -1 without output queries. */
    private int bestOutputCell(double[] outputSim) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < outputSim.length && !queries.outputs().isEmpty(); c++) {
            if (outputSim[c] > bestScore) {
                bestScore = outputSim[c];
                best = c;
            }
        }
        return best;
    }

    private static double max(float[] v, List<float[]> queries) {
        double best = -1;
        for (float[] q : queries) {
            best = Math.max(best, Embedder.dot(v, q));
        }
        return best;
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
