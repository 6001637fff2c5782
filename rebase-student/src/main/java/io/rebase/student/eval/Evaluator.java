package io.rebase.student.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.rebase.contracts.Choices;
import io.rebase.contracts.TaskType;
import io.rebase.student.data.EncodedSequence;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.QaWindow;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.model.PaddedBatch;
import io.rebase.student.model.StudentModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Batched, gradient-free inference and evaluation for a {@link StudentModel}. Not thread-safe.
 */
public final class Evaluator {

    private final StudentModel model;
    private final int batchSize;

    /** @param batchSize sequences per forward pass */
    public Evaluator(StudentModel model, int batchSize) {
        this.model = model;
        this.batchSize = batchSize;
    }

    /** Predicts for a single input (serving). */
    public Prediction predict(Map<String, String> input) {
        return predictAll(List.of(input)).get(0);
    }

    /** Predicts for many inputs with batched forward passes; results follow input order. */
    public List<Prediction> predictAll(List<Map<String, String>> inputs) {
        return switch (model.spec().type()) {
            case CLASSIFICATION -> classify(inputs);
            case EXTRACTIVE_QA -> answer(inputs);
            case MULTIPLE_CHOICE -> choose(inputs);
            case GENERATION -> throw new IllegalStateException("a TaskSpec is never generation");
        };
    }

    /** Predicts every example and scores against its gold outputs. */
    public EvalReport evaluate(List<GoldExample> examples) {
        long t0 = System.nanoTime();
        List<Prediction> preds = predictAll(examples.stream().map(GoldExample::input).toList());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> metrics = new LinkedHashMap<>();
        switch (model.spec().type()) {
            case EXTRACTIVE_QA -> {
                double em = 0;
                double f1 = 0;
                for (int i = 0; i < preds.size(); i++) {
                    em += SquadMetrics.exactMatch(preds.get(i).output(), examples.get(i).golds());
                    f1 += SquadMetrics.f1(preds.get(i).output(), examples.get(i).golds());
                }
                metrics.put("exact_match", em / Math.max(1, preds.size()));
                metrics.put("f1", f1 / Math.max(1, preds.size()));
            }
            case CLASSIFICATION, MULTIPLE_CHOICE -> {
                boolean mc = model.spec().type() == TaskType.MULTIPLE_CHOICE;
                List<String> gold = examples.stream()
                        .map(e -> mc ? Choices.letterOf(e.golds().get(0)) : e.golds().get(0).trim()).toList();
                List<String> predicted = preds.stream().map(Prediction::output).toList();
                metrics.put("accuracy", ClassificationMetrics.accuracy(predicted, gold));
                metrics.put("macro_f1", ClassificationMetrics.macroF1(predicted, gold));
            }
        }
        return new EvalReport(metrics, examples.size(), examples.size() / Math.max(seconds, 1e-9), preds);
    }

    private List<Prediction> classify(List<Map<String, String>> inputs) {
        List<String> labels = model.spec().labels();
        List<EncodedSequence> seqs = inputs.stream().map(model.featurizer()::classificationInput).toList();
        float[][] probs = new float[seqs.size()][];
        for (List<Integer> batch : batchesByLength(seqs)) {
            try (NDManager sub = model.manager().newSubManager()) {
                List<EncodedSequence> b = batch.stream().map(seqs::get).toList();
                float[] flat = model.logits(PaddedBatch.of(b, sub), false).softmax(-1).toFloatArray();
                for (int i = 0; i < batch.size(); i++) {
                    probs[batch.get(i)] = java.util.Arrays.copyOfRange(flat, i * labels.size(), (i + 1) * labels.size());
                }
            }
        }
        List<Prediction> out = new ArrayList<>();
        for (float[] p : probs) {
            int best = argmax(p);
            Map<String, Double> byLabel = new LinkedHashMap<>();
            for (int i = 0; i < p.length; i++) {
                byLabel.put(labels.get(i), (double) p[i]);
            }
            out.add(new Prediction(labels.get(best), p[best], byLabel, -1, -1));
        }
        return out;
    }

    private List<Prediction> choose(List<Map<String, String>> inputs) {
        List<Prediction> out = new ArrayList<>();
        String choicesField = model.spec().roles().choices();
        int questionsPerBatch = Math.max(1, batchSize / 4);
        for (int start = 0; start < inputs.size(); start += questionsPerBatch) {
            List<Map<String, String>> chunk = inputs.subList(start, Math.min(start + questionsPerBatch, inputs.size()));
            List<List<Choices.Choice>> options = new ArrayList<>();
            List<List<EncodedSequence>> groups = new ArrayList<>();
            for (Map<String, String> in : chunk) {
                List<Choices.Choice> opts = Choices.parse(in.getOrDefault(choicesField, ""));
                options.add(opts);
                groups.add(model.featurizer().choiceInputs(in, opts));
            }
            float[] flat;
            int width;
            try (NDManager sub = model.manager().newSubManager()) {
                NDArray probs = model.choiceLogits(groups, sub, false).softmax(-1);
                width = (int) probs.getShape().get(1);
                flat = probs.toFloatArray();
            }
            for (int q = 0; q < chunk.size(); q++) {
                List<Choices.Choice> opts = options.get(q);
                if (opts.isEmpty()) {
                    out.add(new Prediction("", 0, Map.of(), -1, -1));
                    continue;
                }
                Map<String, Double> byLetter = new LinkedHashMap<>();
                int best = 0;
                for (int o = 0; o < opts.size(); o++) {
                    byLetter.put(opts.get(o).letter(), (double) flat[q * width + o]);
                    if (flat[q * width + o] > flat[q * width + best]) {
                        best = o;
                    }
                }
                out.add(new Prediction(opts.get(best).letter(), flat[q * width + best], byLetter, -1, -1));
            }
        }
        return out;
    }

    private List<Prediction> answer(List<Map<String, String>> inputs) {
        TaskSpec spec = model.spec();
        List<QaWindow> windows = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, String> in = inputs.get(i);
            String question = in.getOrDefault(spec.roles().first(), "");
            String context = in.getOrDefault(spec.roles().second(), "");
            for (QaWindow w : model.featurizer().qaWindows(question, context)) {
                windows.add(w);
                owner.add(i);
            }
        }
        double[] bestScore = new double[inputs.size()];
        int[][] bestSpan = new int[inputs.size()][];
        java.util.Arrays.fill(bestScore, Double.NEGATIVE_INFINITY);
        List<EncodedSequence> seqs = windows.stream().map(QaWindow::sequence).toList();
        for (List<Integer> batch : batchesByLength(seqs)) {
            float[] flat;
            int width;
            try (NDManager sub = model.manager().newSubManager()) {
                List<EncodedSequence> b = batch.stream().map(seqs::get).toList();
                NDArray logits = model.logits(PaddedBatch.of(b, sub), false);
                width = (int) logits.getShape().get(1);
                flat = logits.toFloatArray();
            }
            for (int r = 0; r < batch.size(); r++) {
                int wi = batch.get(r);
                QaWindow w = windows.get(wi);
                int ex = owner.get(wi);
                int n = w.contextLength();
                int base = r * width * 2;
                for (int s = 0; s < n; s++) {
                    float startLogit = flat[base + (w.contextStart() + s) * 2];
                    for (int e = s; e < Math.min(n, s + spec.maxAnswerTokens()); e++) {
                        double score = startLogit + flat[base + (w.contextStart() + e) * 2 + 1];
                        if (score > bestScore[ex]) {
                            bestScore[ex] = score;
                            bestSpan[ex] = new int[] {w.charStarts()[s], w.charEnds()[e]};
                        }
                    }
                }
            }
        }
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (bestSpan[i] == null) {
                out.add(new Prediction("", 0, Map.of(), -1, -1));
            } else {
                String context = inputs.get(i).getOrDefault(spec.roles().second(), "");
                out.add(new Prediction(context.substring(bestSpan[i][0], bestSpan[i][1]), bestScore[i], Map.of(),
                        bestSpan[i][0], bestSpan[i][1]));
            }
        }
        return out;
    }

    /** Index batches of similar length so that padding stays small. */
    private List<List<Integer>> batchesByLength(List<EncodedSequence> seqs) {
        List<Integer> order = IntStream.range(0, seqs.size()).boxed()
                .sorted(Comparator.comparingInt(i -> seqs.get(i).length())).toList();
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < order.size(); i += batchSize) {
            out.add(order.subList(i, Math.min(i + batchSize, order.size())));
        }
        return out;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
