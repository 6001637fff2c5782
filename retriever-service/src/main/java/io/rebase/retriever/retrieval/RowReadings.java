package io.rebase.retriever.retrieval;

import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.store.VectorPoint;

import java.util.List;

/**
 * How a row's cells are read as a task's input fields and output: cells are matched to the input fields one to one
 * (greedy, best pairs first) and the output taken from the rest; the row is also read output-first, and, for an
 * extractive QA task, as "passage + answer span". The reading that scores best on the input and output signals wins.
 */
final class RowReadings {

    /**
     * One reading of a row.
     *
     * @param cellOfField per task input field, the cell read as it (-1: none)
     */
    record Reading(double input, double output, double extractive, int bestInputCell, int outputCell,
                                  int[] cellOfField) {
    }

    private final TaskQueries queries;
    private final Weights weights;
    private final List<String> fields;
    private final boolean extractiveTask;

    RowReadings(TaskQueries queries, Weights weights, List<String> fields, boolean extractiveTask) {
        this.queries = queries;
        this.weights = weights;
        this.fields = fields;
        this.extractiveTask = extractiveTask;
    }

    /** The best reading of the row's cells as the task's input fields and output. */
    Reading best(List<VectorPoint> cells) {
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
        Reading best = interpret(cells, sim, outputSim, -1, -1, -1, false);
        // The greedy field matching may spend the output-like cell (a label word) on an input field whose own cell
        // resembles that field's examples less; reading the best output cell first and matching the inputs to the
        // rest is the other plausible reading. The better one wins.
        int outputFirst = bestOutputCell(outputSim);
        if (outputFirst >= 0 && outputFirst != best.outputCell) {
            Reading other = interpret(cells, sim, outputSim, -1, -1, outputFirst, false);
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
                        Reading span = interpret(cells, sim, outputSim, c, contextIndex, s, true);
                        if (weights.combine(span.input, span.output, 0, 0, 1) > weights.combine(best.input, best.output, 0, 0, best.extractive)) {
                            best = span;
                        }
                    }
                }
            }
        }
        return best;
    }

    /**
     * Matches cells to input fields one to one (greedy, best pairs first), optionally with one pair forced, and
     * takes the output from the remaining cells (or the forced output cell); {@code spanReading} marks the extractive
     * "passage + answer span" reading.
     */
    private Reading interpret(List<VectorPoint> cells, double[][] sim, double[] outputSim, int forcedCell, int forcedField,
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
        matchGreedily(sim, cellOfField, used);
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
        return new Reading(input, output, spanReading ? 1 : 0, bestInputCell, outputCell, cellOfField);
    }

    /** Matches the free cells to the free fields one to one, best pair first (fills {@code cellOfField} and {@code used}). */
    private static void matchGreedily(double[][] sim, int[] cellOfField, boolean[] used) {
        while (true) {
            int bestC = -1;
            int bestF = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < used.length; c++) {
                if (used[c]) {
                    continue;
                }
                for (int j = 0; j < cellOfField.length; j++) {
                    if (cellOfField[j] < 0 && sim[c][j] > best) {
                        best = sim[c][j];
                        bestC = c;
                        bestF = j;
                    }
                }
            }
            if (bestC < 0) {
                return;
            }
            used[bestC] = true;
            cellOfField[bestF] = bestC;
        }
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
}
