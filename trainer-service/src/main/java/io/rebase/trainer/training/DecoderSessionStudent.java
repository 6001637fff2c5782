package io.rebase.trainer.training;

import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.decoder.CausalLmExample;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.train.StepStats;
import io.rebase.trainer.decoder.DecoderPrompts;
import io.rebase.trainer.decoder.DecoderStudent;
import io.rebase.trainer.mixing.ExampleOversampling;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The decoder student (causal LM + LoRA) behind {@link SessionStudent}: shuffled batches of prompt + target sequences. */
final class DecoderSessionStudent implements SessionStudent {

    private record SequenceBatch(List<CausalLmExample> sequences) implements Batch {
        @Override
        public int size() {
            return sequences.size();
        }
    }

    private final DecoderStudent student;
    /** The session's request examples as training sequences, made on first use. */
    private List<CausalLmExample> requestSequences;

    DecoderSessionStudent(DecoderStudent student) {
        this.student = student;
    }

    @Override
    public Batches batches(List<Example> examples, int batchSize, Random random) {
        DecoderPrompts.Sequences s = student.sequences(examples);
        return new Batches(chunks(s.sequences(), batchSize, random).stream().map(SequenceBatch::new).toList(), s.dropped());
    }

    @Override
    public Batches batches(List<Example> stream, List<Example> requestExamples, ExampleOversampling oversampling,
                           int batchSize, Random random) {
        DecoderPrompts.Sequences s = student.sequences(stream);
        if (requestSequences == null) {
            // a session's request examples never change: tokenized once, not at every unit and pass
            requestSequences = student.sequences(requestExamples).sequences();
        }
        return new Batches(oversampling.batches(s.sequences(), requestSequences, batchSize, random,
                (part, size) -> chunks(part, size, random)).stream().map(SequenceBatch::new).toList(), s.dropped());
    }

    /** {@code sequences} shuffled and cut into batches of {@code batchSize}. */
    private static List<List<CausalLmExample>> chunks(List<CausalLmExample> sequences, int batchSize, Random random) {
        List<CausalLmExample> order = new ArrayList<>(sequences);
        Collections.shuffle(order, random);
        List<List<CausalLmExample>> out = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            out.add(List.copyOf(order.subList(from, Math.min(order.size(), from + batchSize))));
        }
        return out;
    }

    @Override
    public StepStats step(Batch batch) {
        return student.step(((SequenceBatch) batch).sequences());
    }

    @Override
    public int stepsDone() {
        return student.stepsDone();
    }

    @Override
    public void setPlannedTotalSteps(int total) {
        // LoRA training runs at a constant learning rate
    }

    @Override
    public EvalReport evaluate(List<GoldExample> gold, int batchSize) {
        return student.evaluate(gold, batchSize);
    }

    @Override
    public void saveModel(Path dir) {
        student.saveModel(dir);
    }

    @Override
    public void saveCheckpoint(Path dir) {
        student.saveCheckpoint(dir);
    }

    @Override
    public void close() {
        student.close();
    }
}
