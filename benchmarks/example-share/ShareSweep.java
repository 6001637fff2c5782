import io.rebase.student.data.Example;
import io.rebase.student.data.Featurized;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.Instance;
import io.rebase.student.data.TaskSpec;
import io.rebase.contracts.TaskType;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.model.Devices;
import io.rebase.student.model.StudentModel;
import io.rebase.student.train.LengthBuckets;
import io.rebase.student.train.StudentTrainer;
import io.rebase.student.train.TrainerConfig;
import io.rebase.student.weights.EncoderSource;
import io.rebase.student.weights.PretrainedEncoders;
import io.rebase.trainer.mixing.ExampleOversampling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which share of each batch the task's own examples should take (rebase.trainer.example-share). A sentiment task
 * (3 sst2 examples, 200 sst2 dev rows to evaluate) is trained on a stream of rt_polarity rows as the trainer does
 * (one pass, batches of 16, the examples in every batch at the share) in two conditions: the stream fits (rt_polarity's
 * own labels) and the stream does not (the same rows with labels drawn at random: as wrong as rows mapped from an
 * unrelated dataset). The few-shot student (examples alone, same steps) is the reference.
 *
 * usage: java -cp CLASSPATH ShareSweep.java DATASTORE STUDENT STREAM_ROWS SEEDS SHARES... (prints one JSON line per run)
 */
public class ShareSweep {

    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        Path root = Path.of(args[0]);
        String student = args[1];
        int streamRows = Integer.parseInt(args[2]);
        int seeds = Integer.parseInt(args[3]);
        List<Double> shares = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            shares.add(Double.parseDouble(args[i]));
        }
        EncoderSource encoder = PretrainedEncoders.byName(student);
        TaskSpec spec = TaskSpec.infer(TaskType.CLASSIFICATION, List.of("negative", "positive"), List.of("sentence"))
                .withMaxSeqLength(64);
        List<JsonNode> sst2 = read(root.resolve("sst2/default.jsonl"));
        List<JsonNode> rt = read(root.resolve("rt_polarity/default.jsonl"));
        List<GoldExample> eval = new ArrayList<>();
        for (JsonNode r : sst2) {
            if (r.get("split").asText().equals("dev") && eval.size() < 200) {
                eval.add(GoldExample.of(new Example(Map.of("sentence", r.get("sentence").asText()), r.get("label").asText(), null)));
            }
        }
        for (int seed = 1; seed <= seeds; seed++) {
            Random pick = new Random(seed);
            List<JsonNode> train = new ArrayList<>(sst2.stream().filter(r -> r.get("split").asText().equals("train")).toList());
            Collections.shuffle(train, pick);
            List<Example> examples = List.of(ex(train.get(0)), ex(pickLabel(train, "positive")), ex(pickLabel(train, "negative")));
            List<JsonNode> rows = new ArrayList<>(rt);
            Collections.shuffle(rows, pick);
            rows = rows.subList(0, streamRows);
            List<Example> fits = rows.stream().map(r -> new Example(Map.of("sentence", r.get("text").asText()), r.get("label").asText(), null)).toList();
            List<Example> noise = rows.stream().map(r -> new Example(Map.of("sentence", r.get("text").asText()),
                    pick.nextBoolean() ? "positive" : "negative", null)).toList();
            int steps = -1;
            for (String condition : List.of("fits", "random-labels")) {
                for (double share : shares) {
                    long t0 = System.nanoTime();
                    double[] r = run(encoder, spec, condition.equals("fits") ? fits : noise, examples, share, eval, seed);
                    steps = (int) r[1];
                    System.out.printf("{\"seed\":%d,\"condition\":\"%s\",\"share\":%.2f,\"accuracy\":%.4f,\"steps\":%d,\"seconds\":%.0f}%n",
                            seed, condition, share, r[0], (int) r[1], (System.nanoTime() - t0) / 1e9);
                }
            }
            double[] few = fewShot(encoder, spec, examples, steps, eval, seed);
            System.out.printf("{\"seed\":%d,\"condition\":\"few-shot\",\"accuracy\":%.4f,\"steps\":%d}%n", seed, few[0], (int) few[1]);
        }
    }

    static JsonNode pickLabel(List<JsonNode> rows, String label) {
        return rows.stream().skip(1).filter(r -> r.get("label").asText().equals(label)).findFirst().orElseThrow();
    }

    static Example ex(JsonNode r) {
        return new Example(Map.of("sentence", r.get("sentence").asText()), r.get("label").asText(), null);
    }

    static List<JsonNode> read(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    static TrainerConfig config(int planned, int seed) {
        return new TrainerConfig(5e-5f, 0.01f, 16, Math.max(1, Math.min(20, planned / 10)), planned, 0.1f, 1.0f, 0f, 5000, 1, seed);
    }

    /** One pass over the stream, the examples at {@code share} of each batch (share 0: once, as the trainer did). */
    static double[] run(EncoderSource encoder, TaskSpec spec, List<Example> stream, List<Example> examples, double share,
                        List<GoldExample> eval, int seed) {
        ExampleOversampling o = new ExampleOversampling(share);
        int planned = (int) Math.ceil((stream.size() + o.addedFor(stream.size(), 16) + (share == 0 ? examples.size() : 0)) / 16.0);
        try (StudentModel model = StudentModel.create(encoder, spec, encoder.pooling(), Devices.preferred(), seed)) {
            StudentTrainer trainer = new StudentTrainer(model, config(planned, seed));
            Random random = new Random(seed);
            List<Instance> s = model.featurizer().training(share == 0 ? concat(stream, examples) : stream).instances();
            List<Instance> e = model.featurizer().training(examples).instances();
            for (List<Instance> batch : o.batches(s, share == 0 ? List.of() : e, 16, random,
                    (items, size) -> LengthBuckets.batches(items, size, random))) {
                trainer.step(batch);
            }
            double acc = new Evaluator(model, 32).evaluate(eval).metrics().get("accuracy");
            return new double[]{acc, trainer.stepsDone()};
        }
    }

    static double[] fewShot(EncoderSource encoder, TaskSpec spec, List<Example> examples, int steps, List<GoldExample> eval, int seed) {
        try (StudentModel model = StudentModel.create(encoder, spec, encoder.pooling(), Devices.preferred(), seed)) {
            StudentTrainer trainer = new StudentTrainer(model, config(steps, seed));
            Featurized f = model.featurizer().training(examples);
            for (int i = 0; i < steps; i++) {
                trainer.step(f.instances());
            }
            return new double[]{new Evaluator(model, 32).evaluate(eval).metrics().get("accuracy"), steps};
        }
    }

    static List<Example> concat(List<Example> a, List<Example> b) {
        List<Example> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
