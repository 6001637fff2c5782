package io.rebase.trainer.decoder;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rebase.contracts.TaskType;
import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.decoder.CausalLmExample;
import io.rebase.student.decoder.DecoderLoadException;
import io.rebase.student.decoder.DecoderModel;
import io.rebase.student.decoder.GeneratedSequence;
import io.rebase.student.decoder.GenerationOptions;
import io.rebase.student.decoder.Generator;
import io.rebase.student.decoder.HfTokenText;
import io.rebase.student.decoder.LoraTrainer;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.eval.Prediction;
import io.rebase.student.train.StepStats;
import io.rebase.trainer.plan.PlanException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A decoder student of one task: a causal LM from a Hugging Face folder with a LoRA adapter trained by
 * {@link LoraTrainer}, its tokenizer, and the task's {@link DecoderPrompts}. Evaluation generates greedily and
 * scores the extracted answers ({@link GenerationScores}). Training steps hold {@link #STEP_LOCK}: DJL's gradient
 * collector is one per JVM, so no two steps (of any student) may run at once.
 */
public final class DecoderStudent implements AutoCloseable {

    /** Held by every training step of a decoder student and by the encoder steps run beside it. */
    public static final Object STEP_LOCK = new Object();
    /** The request field that names the model folder, blamed for what the folder lacks. */
    static final String MODEL_FIELD = "training.studentModel";
    /** Written beside the adapter: what serving needs to rebuild the student. */
    public static final String TASK_FILE = "decoder_task.json";
    /** The generations of the evaluation that produced a saved model. */
    public static final String GENERATIONS_FILE = "generations.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final DecoderTask task;
    private final DecoderModel model;
    private final HfTokenText text;
    private final DecoderPrompts prompts;
    private final GenerationScores scores;
    private final int eos;
    private LoraTrainer trainer;
    private List<Generation> lastGenerations = List.of();

    private DecoderStudent(DecoderTask task, DecoderModel model, HfTokenText text) {
        this.task = task;
        this.model = model;
        this.text = text;
        this.eos = eosOf(task.baseModel(), model);
        int maxLength = Math.min(task.options().maxLength(), model.config().maxPositions());
        this.prompts = new DecoderPrompts(task.instruction(), task.inputFields(), text, model.config().bosTokenId(),
                eos, maxLength, task.options().answerOnly());
        this.scores = new GenerationScores(task.type(), task.labels());
    }

    /** A fresh adapter on the base model of {@code task}, ready to train. */
    public static DecoderStudent create(DecoderTask task) {
        DecoderStudent s = load(task);
        s.model.addAdapter(task.options().lora(), task.options().seed());
        s.trainer = new LoraTrainer(s.model, task.options().optimiser());
        return s;
    }

    /** The untrained base model of {@code task} (the in-context baseline): it generates but cannot step. */
    public static DecoderStudent base(DecoderTask task) {
        return load(task);
    }

    /** The student saved in {@code checkpoint} (adapter, and optimiser state when present), ready to train on. */
    public static DecoderStudent resume(DecoderTask task, Path checkpoint) {
        DecoderStudent s = load(task);
        try {
            s.trainer = LoraTrainer.resume(s.model, checkpoint, task.options().optimiser());
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException(e);
        }
        return s;
    }

    /** The served student of a saved model folder ({@link #saveModel}), for predictions. */
    public static DecoderStudent serving(Path saved) {
        DecoderTask task = DecoderTask.read(saved.resolve(TASK_FILE));
        DecoderStudent s = load(task);
        try {
            s.model.loadAdapter(saved);
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException(e);
        }
        return s;
    }

    private static DecoderStudent load(DecoderTask task) {
        Path folder = Path.of(task.baseModel());
        DecoderModel model = null;
        HfTokenText text = null;
        try {
            text = HfTokenText.load(folder);
            model = DecoderModel.load(folder);
            return new DecoderStudent(task, model, text);
        } catch (DecoderLoadException e) {
            closeQuietly(model, text);
            throw new PlanException(MODEL_FIELD, e.getMessage());
        } catch (IOException e) {
            closeQuietly(model, text);
            throw new PlanException(MODEL_FIELD, "cannot read " + folder + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(model, text);
            throw e;
        }
    }

    private static void closeQuietly(DecoderModel model, HfTokenText text) {
        if (model != null) {
            model.close();
        }
        if (text != null) {
            text.close();
        }
    }

    /**
     * The EOS id the student learns to end with: the folder's (generation_config.json, else config.json), which
     * tokenizer.json must also declare as a special token; fails naming the file otherwise.
     */
    private static int eosOf(String folder, DecoderModel model) {
        List<Integer> ids = model.generationDefaults().eosTokenIds();
        if (ids.isEmpty()) {
            throw new PlanException(MODEL_FIELD, folder + ": neither generation_config.json nor config.json names an "
                    + "eos_token_id: a decoder student must learn where an answer ends");
        }
        Set<Integer> declared = tokenizerSpecialIds(Path.of(folder).resolve("tokenizer.json"));
        for (int id : ids) {
            if (declared.contains(id)) {
                return id;
            }
        }
        throw new PlanException(MODEL_FIELD, Path.of(folder).resolve("tokenizer.json") + " has no EOS token: none of its "
                + "added_tokens has the id " + ids + " (eos_token_id)");
    }

    private static Set<Integer> tokenizerSpecialIds(Path tokenizer) {
        Set<Integer> ids = new HashSet<>();
        try {
            JsonObject json = JsonParser.parseString(Files.readString(tokenizer)).getAsJsonObject();
            if (json.has("added_tokens") && json.get("added_tokens").isJsonArray()) {
                json.getAsJsonArray("added_tokens").forEach(t -> ids.add(t.getAsJsonObject().get("id").getAsInt()));
            }
        } catch (IOException | RuntimeException e) {
            throw new PlanException(MODEL_FIELD, tokenizer + ": unreadable: " + e.getMessage());
        }
        return ids;
    }

    /** The task's prompts. */
    public DecoderPrompts prompts() {
        return prompts;
    }

    /** Training sequences of {@code examples}, and how many could not be used. */
    public DecoderPrompts.Sequences sequences(List<Example> examples) {
        return prompts.trainingAll(examples);
    }

    /** One optimiser step on {@code batch}. */
    public StepStats step(List<CausalLmExample> batch) {
        if (trainer == null) {
            throw new IllegalStateException("the base model is not trained");
        }
        long t0 = System.nanoTime();
        float loss;
        synchronized (STEP_LOCK) {
            loss = trainer.step(batch);
        }
        double seconds = Math.max((System.nanoTime() - t0) / 1e9, 1e-9);
        int width = batch.stream().mapToInt(CausalLmExample::length).max().orElse(0);
        return new StepStats(trainer.steps(), loss, (float) task.options().optimiser().learningRate(), batch.size(),
                width, batch.size() / seconds);
    }

    /** Steps taken (including those before a resume). */
    public int stepsDone() {
        return trainer == null ? 0 : trainer.steps();
    }

    /** Greedy generations for {@code inputs}, {@code batchSize} at a time (left-padded batches). */
    public List<Generation> generate(List<Map<String, String>> inputs, int batchSize) {
        return generate(inputs, null, batchSize);
    }

    /** As {@link #generate(List, int)}, each prompt preceded by {@code demonstrations} when not null (in-context). */
    public List<Generation> generate(List<Map<String, String>> inputs, List<Example> demonstrations, int batchSize) {
        int newTokens = task.options().maxNewTokens();
        GenerationOptions options = GenerationOptions.greedy(newTokens, Set.of(eos));
        Generator generator = new Generator(model, text);
        List<Generation> out = new ArrayList<>();
        for (int from = 0; from < inputs.size(); from += Math.max(1, batchSize)) {
            List<Map<String, String>> slice = inputs.subList(from, Math.min(inputs.size(), from + Math.max(1, batchSize)));
            List<int[]> ids = slice.stream().map(in -> demonstrations == null
                    ? prompts.query(in, newTokens) : prompts.inContext(demonstrations, in, newTokens)).toList();
            List<GeneratedSequence> seqs = generator.generate(ids, options);
            for (int i = 0; i < slice.size(); i++) {
                String generated = seqs.get(i).text().strip();
                out.add(new Generation(slice.get(i), generated, GenerationScores.rationale(generated),
                        scores.answer(generated), null));
            }
        }
        return out;
    }

    /** Generates for {@code gold} and scores the extracted answers; the generations are kept for {@link #saveModel}. */
    public EvalReport evaluate(List<GoldExample> gold, int batchSize) {
        return evaluate(gold, null, batchSize);
    }

    /** As {@link #evaluate(List, int)}, in context of {@code demonstrations} when not null. */
    public EvalReport evaluate(List<GoldExample> gold, List<Example> demonstrations, int batchSize) {
        long t0 = System.nanoTime();
        List<Generation> made = generate(gold.stream().map(GoldExample::input).toList(), demonstrations, batchSize);
        double seconds = Math.max((System.nanoTime() - t0) / 1e9, 1e-9);
        List<Generation> withGold = new ArrayList<>();
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < made.size(); i++) {
            Generation g = made.get(i);
            withGold.add(new Generation(g.input(), g.text(), g.rationale(), g.answer(), gold.get(i).golds().get(0)));
            predictions.add(new Prediction(g.answer() == null ? "" : g.answer(), 0, Map.of(), -1, -1));
        }
        lastGenerations = List.copyOf(withGold);
        Map<String, Double> metrics = scores.score(made.stream().map(Generation::text).toList(),
                gold.stream().map(GoldExample::golds).toList());
        return new EvalReport(metrics, gold.size(), gold.size() / seconds, predictions);
    }

    /** The generations of the last evaluation, with their gold answers. */
    public List<Generation> lastGenerations() {
        return lastGenerations;
    }

    /** Saves the adapter (PEFT format), the task and the last evaluation's generations: a served model. */
    public void saveModel(Path dir) {
        try {
            Files.createDirectories(dir);
            if (trainer != null) {
                trainer.save(dir);
                Files.deleteIfExists(dir.resolve("optimizer.safetensors"));
            }
            task.write(dir.resolve(TASK_FILE));
            Files.writeString(dir.resolve(GENERATIONS_FILE), GSON.toJson(lastGenerations));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a resumable checkpoint: the adapter, the optimiser moments and the step count, and the task. */
    public void saveCheckpoint(Path dir) {
        try {
            Files.createDirectories(dir);
            trainer.save(dir);
            task.write(dir.resolve(TASK_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the generations saved beside a model by {@link #saveModel}; empty when there are none. */
    public static List<Generation> savedGenerations(Path dir) {
        Path file = dir.resolve(GENERATIONS_FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return List.of(GSON.fromJson(Files.readString(file), Generation[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (trainer != null) {
            trainer.close();
        }
        model.close();
        text.close();
    }
}
