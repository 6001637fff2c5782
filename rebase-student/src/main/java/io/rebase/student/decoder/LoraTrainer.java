package io.rebase.student.decoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rebase.student.train.GradientNorm;
import io.rebase.student.weights.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Trains the LoRA adapter of a {@link DecoderModel} on the causal-LM loss of target tokens, with AdamW on the
 * adapter's matrices only: the base weights never require a gradient and hold no optimiser state. Batches are
 * right-padded (padding masked out of attention and loss). Every array of a step lives in a manager closed after it.
 * A checkpoint is a PEFT adapter folder plus {@code optimizer.safetensors} and {@code trainer_state.json}.
 */
public final class LoraTrainer implements AutoCloseable {

    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    static final String STATE_FILE = "trainer_state.json";

    private final DecoderModel model;
    private final LoraTrainingConfig config;
    private final LoraAdamW optimizer;
    private int step;
    private int skippedSteps;

    /** Trains {@code model}'s adapter (add or load one first). */
    public LoraTrainer(DecoderModel model, LoraTrainingConfig config) {
        if (model.adapter() == null) {
            throw new IllegalStateException("the model has no LoRA adapter to train (addAdapter or loadAdapter)");
        }
        this.model = model;
        this.config = config;
        this.optimizer = new LoraAdamW(model.manager());
        model.adapter().parameters().values().forEach(p -> p.setRequiresGradient(true));
    }

    /** Loads the adapter and optimiser state of a checkpoint written by {@link #save} into {@code model}. */
    public static LoraTrainer resume(DecoderModel model, Path checkpoint, LoraTrainingConfig config) throws IOException {
        model.loadAdapter(checkpoint);
        LoraTrainer trainer = new LoraTrainer(model, config);
        Path moments = checkpoint.resolve(OPTIMIZER_FILE);
        if (Files.isRegularFile(moments)) {
            trainer.optimizer.restore(Safetensors.read(moments), model.adapter().parameters());
        }
        Path state = checkpoint.resolve(STATE_FILE);
        if (Files.isRegularFile(state)) {
            trainer.step = JsonParser.parseString(Files.readString(state)).getAsJsonObject().get("step").getAsInt();
        }
        return trainer;
    }

    /**
     * One AdamW step on {@code batch}; returns the mean loss over its target tokens before the update. A batch of
     * more than {@link LoraTrainingConfig#microBatchTokens} padded tokens runs as micro-batches whose gradients add
     * up to the whole batch's before the single update.
     */
    public float step(List<CausalLmExample> batch) {
        int pad = model.generationDefaults().padTokenId();
        int total = CausalLmLoss.labelled(PaddedExamples.rightPadded(batch, pad).labels());
        if (total == 0) {
            throw new IllegalArgumentException("no labelled position in the batch");
        }
        float loss = 0;
        for (List<CausalLmExample> micro : microBatches(batch)) {
            PaddedExamples padded = PaddedExamples.rightPadded(micro, pad);
            if (CausalLmLoss.labelled(padded.labels()) == 0) {
                continue;
            }
            // each micro-batch's activations are freed before the next one runs; gradients accumulate
            try (NDManager sub = model.manager().newSubManager();
                 GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray hidden = model.hidden(sub, padded.ids(), padded.mask(), true);
                NDArray lossArray = CausalLmLoss.ofHidden(sub, hidden, model.headWeight(), padded.labels(), total);
                gc.backward(lossArray);
                loss += lossArray.getFloat();
            }
        }
        try (NDManager sub = model.manager().newSubManager()) {
            update(sub);
        }
        step++;
        return loss;
    }

    /** Consecutive groups of examples whose padded size stays within the micro-batch budget (one example at least). */
    private List<List<CausalLmExample>> microBatches(List<CausalLmExample> batch) {
        List<List<CausalLmExample>> out = new ArrayList<>();
        List<CausalLmExample> current = new ArrayList<>();
        int width = 0;
        for (CausalLmExample e : batch) {
            int grown = Math.max(width, e.length());
            if (!current.isEmpty() && (long) grown * (current.size() + 1) > config.microBatchTokens()) {
                out.add(current);
                current = new ArrayList<>();
                grown = e.length();
            }
            current.add(e);
            width = grown;
        }
        out.add(current);
        return out;
    }

    private void update(NDManager sub) {
        Map<String, NDArray> params = model.adapter().parameters();
        List<NDArray> grads = new ArrayList<>();
        for (NDArray p : params.values()) {
            // getGradient() returns a new handle owned by the parameter's manager: attach it to the step's
            NDArray g = p.getGradient();
            g.attach(sub);
            grads.add(g);
        }
        double norm = GradientNorm.of(grads);
        if (!Double.isFinite(norm)) {
            skippedSteps++;
            grads.forEach(g -> g.set(new NDIndex("..."), 0f));
            return;
        }
        float scale = config.gradClipNorm() > 0 && norm > config.gradClipNorm()
                ? (float) (config.gradClipNorm() / (norm + 1e-6)) : 1f;
        int i = 0;
        for (Map.Entry<String, NDArray> p : params.entrySet()) {
            NDArray g = grads.get(i++);
            if (scale != 1f) {
                g.muli(scale);
            }
            optimizer.update(p.getKey(), p.getValue(), g, (float) config.learningRate(), (float) config.weightDecay());
        }
    }

    /** Writes the adapter (PEFT format), the optimiser moments and the step count to {@code checkpoint}. */
    public void save(Path checkpoint) throws IOException {
        Path source = model.source();
        PeftAdapters.save(model.adapter(), checkpoint, source == null ? null : source.toString());
        Safetensors.write(checkpoint.resolve(OPTIMIZER_FILE), optimizer.snapshot(), Map.of());
        JsonObject state = new JsonObject();
        state.addProperty("step", step);
        Files.writeString(checkpoint.resolve(STATE_FILE), state.toString());
    }

    /** Optimiser steps taken (including those before a resume). */
    public int steps() {
        return step;
    }

    /** Steps skipped because the gradient norm was not finite. */
    public int skippedSteps() {
        return skippedSteps;
    }

    /** Parameters with optimiser state (only adapter matrices ever get any). */
    public int optimizerStateSize() {
        return optimizer.size();
    }

    @Override
    public void close() {
        optimizer.close();
        model.adapter().parameters().values().forEach(p -> p.setRequiresGradient(false));
    }

    /** A right-padded batch: ids, attention mask and labels (-100 on padding). */
    record PaddedExamples(int[][] ids, boolean[][] mask, int[][] labels) {

        static PaddedExamples rightPadded(List<CausalLmExample> batch, int pad) {
            int width = batch.stream().mapToInt(CausalLmExample::length).max().orElseThrow();
            int[][] ids = new int[batch.size()][width];
            boolean[][] mask = new boolean[batch.size()][width];
            int[][] labels = new int[batch.size()][width];
            for (int b = 0; b < batch.size(); b++) {
                CausalLmExample e = batch.get(b);
                Arrays.fill(ids[b], pad);
                Arrays.fill(labels[b], CausalLmLoss.IGNORE);
                System.arraycopy(e.ids(), 0, ids[b], 0, e.length());
                System.arraycopy(e.labels(), 0, labels[b], 0, e.length());
                Arrays.fill(mask[b], 0, e.length(), true);
            }
            return new PaddedExamples(ids, mask, labels);
        }
    }
}
