package io.rebase.trainer.decoder;

import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.decoder.CausalLmExample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The two baselines of a decoder student, on the same base model and the same evaluation data:
 * <ul>
 *   <li>few-shot: a fresh adapter trained on the request's own examples alone, for as many steps as the student took;</li>
 *   <li>in-context: the untrained base model prompted with the instruction and the request's examples before each
 *       query (what a user of a prompted model compares against).</li>
 * </ul>
 * The metrics come back in one map: the few-shot ones by their names plus {@code steps}, the in-context ones
 * prefixed {@code in_context_}.
 */
public final class DecoderBaselines {

    /** Prefix of the in-context baseline's metrics. */
    public static final String IN_CONTEXT = "in_context_";

    private final int evalBatchSize;
    private final long seed;

    public DecoderBaselines(int evalBatchSize, long seed) {
        this.evalBatchSize = evalBatchSize;
        this.seed = seed;
    }

    /** Both baselines' metrics on {@code gold}; the few-shot one steps over batches of {@code batchSize}. */
    public Map<String, Double> run(DecoderTask task, List<Example> requestExamples, int steps, int batchSize,
                                   List<GoldExample> gold) {
        Map<String, Double> out = new LinkedHashMap<>(fewShot(task, requestExamples, steps, batchSize, gold));
        inContext(task, requestExamples, gold).forEach((k, v) -> out.put(IN_CONTEXT + k, v));
        return out;
    }

    /** The few-shot baseline's metrics and the steps it took (none without usable request examples). */
    public Map<String, Double> fewShot(DecoderTask task, List<Example> requestExamples, int steps, int batchSize,
                                       List<GoldExample> gold) {
        try (DecoderStudent s = DecoderStudent.create(task)) {
            List<CausalLmExample> sequences = new ArrayList<>(s.sequences(requestExamples).sequences());
            Random random = new Random(seed);
            int done = 0;
            while (done < steps && !sequences.isEmpty()) {
                Collections.shuffle(sequences, random);
                for (int from = 0; from < sequences.size() && done < steps; from += Math.max(1, batchSize)) {
                    s.step(sequences.subList(from, Math.min(sequences.size(), from + batchSize)));
                    done++;
                }
            }
            Map<String, Double> out = new LinkedHashMap<>(s.evaluate(gold, evalBatchSize).metrics());
            out.put("steps", (double) done);
            return out;
        }
    }

    /** The in-context baseline's metrics: the base model, the request's examples as demonstrations. */
    public Map<String, Double> inContext(DecoderTask task, List<Example> requestExamples, List<GoldExample> gold) {
        try (DecoderStudent s = DecoderStudent.base(task)) {
            return s.evaluate(gold, requestExamples, evalBatchSize).metrics();
        }
    }
}
