package io.rebase.student.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rebase.student.data.EncodedSequence;
import io.rebase.student.data.Featurizer;
import io.rebase.student.data.StudentTokenizer;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.data.TaskSpecJson;
import io.rebase.contracts.TaskType;
import io.rebase.student.weights.EncoderSource;
import io.rebase.student.weights.FloatTensor;
import io.rebase.student.weights.PretrainedEncoders;
import io.rebase.student.weights.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pretrained BERT encoder plus one task head, with its tokenizer and task description: the unit
 * that is trained, evaluated, served and saved.
 *
 * <p>Checkpoints are Hugging Face style folders: {@code config.json}, {@code model.safetensors}
 * (encoder under {@code bert.*}, head under {@code classifier.*} or {@code qa_outputs.*}),
 * {@code tokenizer.json} and {@code student_task.json} (task type, labels, field roles, lengths,
 * pooling). Not thread-safe: use one instance per thread or serialise calls.
 */
public final class StudentModel implements AutoCloseable {

    /** File holding the task description inside a checkpoint folder. */
    public static final String TASK_FILE = "student_task.json";

    private final NDManager manager;
    private final BertEncoder encoder;
    private final TaskHead head;
    private final TaskSpec spec;
    private final StudentTokenizer tokenizer;
    private final Featurizer featurizer;
    private final Pooling embeddingPooling;
    private final String baseId;
    private final ParameterStore parameterStore;

    private StudentModel(EncoderSource source, TaskSpec spec, Pooling headPooling, Device device, long seed) {
        this.manager = NDManager.newBaseManager(device);
        this.spec = spec;
        this.baseId = source.id();
        this.embeddingPooling = source.pooling();
        BertConfig cfg = source.config();
        Engine.getInstance().setRandomSeed((int) seed);
        this.encoder = new BertEncoder(cfg);
        Shape probe = new Shape(1, 8);
        encoder.initialize(manager, DataType.FLOAT32, probe, probe, probe);
        WeightMapper.load(encoder.parametersByHfName(), source.weights());
        HeadKind kind = switch (spec.type()) {
            case CLASSIFICATION -> HeadKind.SEQUENCE;
            case EXTRACTIVE_QA -> HeadKind.SPAN;
            case MULTIPLE_CHOICE -> HeadKind.CHOICE;
            case GENERATION -> throw new IllegalStateException("a TaskSpec is never generation");
        };
        this.head = new TaskHead(kind, headPooling, cfg.hiddenSize(), spec.labels().size(), cfg.hiddenDropout());
        head.initialize(manager, DataType.FLOAT32, new Shape(1, 8, cfg.hiddenSize()), probe);
        this.tokenizer = StudentTokenizer.fromJson(source.tokenizerJson());
        this.featurizer = new Featurizer(spec, tokenizer);
        this.parameterStore = new ParameterStore(manager, false);
    }

    /**
     * Builds a student from a pretrained encoder with a freshly initialised head.
     *
     * @param source      pretrained encoder (see {@link PretrainedEncoders})
     * @param spec        the task
     * @param headPooling pooling for classification / multiple-choice heads (MEAN works well for MiniLM)
     * @param device      where parameters live (see {@link Devices#preferred()})
     * @param seed        seed for the head initialisation and dropout
     */
    public static StudentModel create(EncoderSource source, TaskSpec spec, Pooling headPooling, Device device, long seed) {
        return new StudentModel(source, spec, headPooling, device, seed);
    }

    /** Same as {@link #create} with the encoder's own pooling, the preferred device and seed 42. */
    public static StudentModel create(EncoderSource source, TaskSpec spec) {
        return create(source, spec, source.pooling(), Devices.preferred(), 42);
    }

    /** Loads a checkpoint folder written by {@link #save}. */
    public static StudentModel load(Path folder, Device device) {
        try {
            EncoderSource source = PretrainedEncoders.fromHfFolder(folder);
            JsonObject task = JsonParser.parseString(Files.readString(folder.resolve(TASK_FILE))).getAsJsonObject();
            TaskSpec spec = TaskSpecJson.fromJson(task.getAsJsonObject("task"));
            Pooling headPooling = Pooling.valueOf(task.get("head_pooling").getAsString());
            Pooling embPooling = Pooling.valueOf(task.get("embedding_pooling").getAsString());
            EncoderSource withId = new EncoderSource(task.get("base_encoder").getAsString(), source.config(),
                    source.weights(), source.tokenizerJson(), embPooling);
            StudentModel model = new StudentModel(withId, spec, headPooling, device, 0);
            WeightMapper.load(model.head.parametersByHfName(), source.weights());
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes this model as a Hugging Face style checkpoint folder (created if needed). */
    public void save(Path folder) {
        try {
            Files.createDirectories(folder);
            JsonObject config = encoder.config().toJson();
            JsonArray arch = new JsonArray();
            arch.add(switch (spec.type()) {
                case CLASSIFICATION -> "BertForSequenceClassification";
                case EXTRACTIVE_QA -> "BertForQuestionAnswering";
                case MULTIPLE_CHOICE -> "BertForMultipleChoice";
                case GENERATION -> throw new IllegalStateException("a TaskSpec is never generation");
            });
            config.add("architectures", arch);
            config.addProperty("pooling", embeddingPooling.name().toLowerCase());
            if (spec.type() == TaskType.CLASSIFICATION) {
                JsonObject id2label = new JsonObject();
                JsonObject label2id = new JsonObject();
                for (int i = 0; i < spec.labels().size(); i++) {
                    id2label.addProperty(Integer.toString(i), spec.labels().get(i));
                    label2id.addProperty(spec.labels().get(i), i);
                }
                config.add("id2label", id2label);
                config.add("label2id", label2id);
            }
            var gson = new GsonBuilder().setPrettyPrinting().create();
            Files.writeString(folder.resolve("config.json"), gson.toJson(config));

            Map<String, FloatTensor> tensors = new LinkedHashMap<>(WeightMapper.snapshot(encoder.parametersByHfName(), "bert."));
            tensors.putAll(WeightMapper.snapshot(head.parametersByHfName(), ""));
            Safetensors.write(folder.resolve("model.safetensors"), tensors.values(), Map.of("format", "pt"));
            Files.write(folder.resolve("tokenizer.json"), tokenizer.json());

            JsonObject task = new JsonObject();
            task.add("task", TaskSpecJson.toJson(spec));
            task.addProperty("head_pooling", head.pooling().name());
            task.addProperty("embedding_pooling", embeddingPooling.name());
            task.addProperty("base_encoder", baseId);
            Files.writeString(folder.resolve(TASK_FILE), gson.toJson(task));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs encoder and head.
     *
     * @param inputs   {@code [input_ids, token_type_ids, attention_mask]} (see {@link PaddedBatch})
     * @param training enables dropout (gradients are recorded only inside a GradientCollector)
     * @return SEQUENCE [B, labels], SPAN [B, L, 2], CHOICE [B, 1]
     */
    public NDArray logits(NDList inputs, boolean training) {
        NDArray hidden = encoder.forward(parameterStore, inputs, training).singletonOrThrow();
        return head.forward(parameterStore, new NDList(hidden, inputs.get(2)), training).singletonOrThrow();
    }

    /**
     * Scores every option of each multiple-choice group: [groups, maxOptions], absent options at -1e9.
     */
    public NDArray choiceLogits(List<List<EncodedSequence>> groups, NDManager m, boolean training) {
        int maxOptions = 0;
        for (List<EncodedSequence> g : groups) {
            maxOptions = Math.max(maxOptions, g.size());
        }
        List<EncodedSequence> flat = new ArrayList<>();
        float[] absent = new float[groups.size() * maxOptions];
        EncodedSequence filler = tokenizer.assemble(new long[0], null, 8);
        for (int g = 0; g < groups.size(); g++) {
            for (int o = 0; o < maxOptions; o++) {
                boolean present = o < groups.get(g).size();
                flat.add(present ? groups.get(g).get(o) : filler);
                absent[g * maxOptions + o] = present ? 0f : -1e9f;
            }
        }
        NDArray scores = logits(PaddedBatch.of(flat, m), training).reshape(groups.size(), maxOptions);
        return scores.add(m.create(absent, new Shape(groups.size(), maxOptions)));
    }

    /**
     * Sentence embeddings as the encoder's reference model computes them: its own pooling, then L2
     * normalisation. Used to verify weight loading against ONNX Runtime.
     */
    public float[][] embed(List<String> texts) {
        List<EncodedSequence> seqs = new ArrayList<>();
        for (String t : texts) {
            seqs.add(tokenizer.single(t, encoder.config().maxPositions()));
        }
        try (NDManager sub = manager.newSubManager()) {
            NDList in = PaddedBatch.of(seqs, sub);
            NDArray hidden = encoder.forward(parameterStore, in, false).singletonOrThrow();
            NDArray pooled = embeddingPooling.pool(hidden, in.get(2));
            NDArray norm = pooled.norm(new int[] {1}, true).clip(1e-12f, Float.MAX_VALUE);
            float[] flat = pooled.div(norm).toFloatArray();
            int dim = encoder.config().hiddenSize();
            float[][] out = new float[texts.size()][dim];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(flat, i * dim, out[i], 0, dim);
            }
            return out;
        }
    }

    /** All trainable parameters (encoder then head). */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(encoder.parametersByHfName().values());
        all.addAll(head.parametersByHfName().values());
        return all;
    }

    /** All trainable parameters by their checkpoint names ({@code bert.}-prefixed encoder names, then the head's). */
    public Map<String, Parameter> parametersByName() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        encoder.parametersByHfName().forEach((name, p) -> all.put("bert." + name, p));
        all.putAll(head.parametersByHfName());
        return all;
    }

    /** Encoder weights by HF name (no prefix), e.g. for exporting to safetensors. */
    public Map<String, FloatTensor> encoderWeights() {
        return WeightMapper.snapshot(encoder.parametersByHfName(), "");
    }

    /** The manager owning the parameters; per-step arrays should live in its sub-managers. */
    public NDManager manager() {
        return manager;
    }

    /** The task description. */
    public TaskSpec spec() {
        return spec;
    }

    /** Encodes examples for this model's task. */
    public Featurizer featurizer() {
        return featurizer;
    }

    /** The word-piece tokenizer. */
    public StudentTokenizer tokenizer() {
        return tokenizer;
    }

    /** The encoder architecture. */
    public BertConfig config() {
        return encoder.config();
    }

    /** Identifier of the pretrained encoder this student started from. */
    public String baseId() {
        return baseId;
    }

    /** Device of the parameters. */
    public Device device() {
        return manager.getDevice();
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
