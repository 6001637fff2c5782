package io.rebase.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskExample;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import io.rebase.student.data.Example;
import io.rebase.student.data.GoldExample;
import io.rebase.student.data.TaskSpec;
import io.rebase.contracts.TaskType;
import io.rebase.student.eval.EvalReport;
import io.rebase.student.eval.Evaluator;
import io.rebase.student.model.Devices;
import io.rebase.student.model.Pooling;
import io.rebase.student.model.StudentModel;
import io.rebase.student.train.StudentTrainer;
import io.rebase.student.train.TrainerConfig;
import io.rebase.student.weights.PretrainedEncoders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * ReBase against a few-shot-only baseline and an in-domain oracle, with the same student and the same training
 * budget (optimiser steps: {@code EPOCHS} passes over the ReBase examples' instances): the quality check of
 * issue 7. Inputs: the task file, the examples ReBase produced
 * for it (the trainer's JSONL export), and the benchmark file (SQuAD v1.1 dev or MNLI dev-matched, normalised).
 *
 * <p>Usage: {@code QualityRun TASK.json REBASE_EXAMPLES.jsonl BENCHMARK.jsonl squad|mnli STUDENT EVAL_SIZE EPOCHS OUT.json}
 *
 * <p>Optional settings (environment): {@code MAX_SEQ_LENGTH} (default: the task type's, 128 classification,
 * 256 QA), {@code LR} (peak learning rate, default 5e-5), {@code SEED} (model head, dropout, shuffling; default 42),
 * {@code CLASS_BALANCE} ({@code true}/{@code false}, default true: inverse label frequency loss weights),
 * {@code CONDITIONS} (subset of {@code fewShot,rebase,oracle}, default all three), {@code PIPELINE_STAGES} (a JSON file
 * of the pipeline's stage times, written by {@code stages.py}, copied into the result).
 */
public final class QualityRun {

    private QualityRun() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        TaskRequest task = TaskRequestParser.parse(Files.readString(Path.of(args[0])));
        Path rebaseFile = Path.of(args[1]);
        Path benchmark = Path.of(args[2]);
        String kind = args[3];
        String student = args[4];
        int evalSize = Integer.parseInt(args[5]);
        int epochs = Integer.parseInt(args[6]);
        Path out = Path.of(args[7]);
        Settings settings = Settings.fromEnv();

        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(benchmark)) {
            if (!line.isBlank()) {
                rows.add(Json.mapper().readTree(line));
            }
        }
        Split split = kind.equals("squad") ? squadSplit(rows, task, evalSize) : nliSplit(rows, task, evalSize);
        List<Example> rebase = readRebase(rebaseFile, task);
        List<Example> oracle = split.pool.subList(0, Math.min(rebase.size(), split.pool.size()));
        List<Example> fewShot = fewShot(task, rebase.size());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("task", args[0]);
        result.put("student", student);
        result.put("evalExamples", split.eval.size());
        result.put("trainingExamples", rebase.size());
        result.put("epochs", epochs);
        result.put("settings", settings.asMap());
        if (!kind.equals("squad")) {
            result.put("rebaseLabels", labelCounts(rebase));
            result.put("evalLabels", labelCounts(split.eval.stream().map(GoldExample::toExample).toList()));
        }
        Map<String, Object> runs = new LinkedHashMap<>();
        Map<String, List<Example>> conditions = new LinkedHashMap<>();
        conditions.put("fewShot", fewShot);
        conditions.put("rebase", rebase);
        conditions.put("oracle", oracle);
        for (var condition : conditions.entrySet()) {
            if (!settings.conditions().contains(condition.getKey())) {
                continue;
            }
            Map<String, Object> run = trainAndEvaluate(task, student, condition.getValue(), rebase, split.eval, epochs, settings);
            runs.put(condition.getKey(), run);
            System.out.println(condition.getKey() + ": " + run);
        }
        result.put("runs", runs);
        String metric = kind.equals("squad") ? "f1" : "accuracy";
        if (runs.keySet().containsAll(conditions.keySet())) {
            result.put("gapClosed", gapClosed(runs, metric));
        }
        if (settings.pipelineStages() != null && Files.exists(settings.pipelineStages())) {
            result.put("pipelineStages", Json.mapper().readTree(Files.readString(settings.pipelineStages())));
        }
        Files.writeString(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        System.out.println("gap closed on " + metric + ": " + result.get("gapClosed") + " -> " + out);
    }

    /** The task's own examples repeated to {@code size}: the few-shot condition's training set. */
    private static List<Example> fewShot(TaskRequest task, int size) {
        List<Example> out = new ArrayList<>();
        while (out.size() < size) {
            for (TaskExample e : task.examples()) {
                out.add(new Example(e.input(), e.output(), null));
            }
        }
        return out.subList(0, size);
    }

    /** The share of the few-shot-to-oracle gap that the ReBase examples close on {@code metric}; null when no gap. */
    private static Double gapClosed(Map<String, Object> runs, String metric) {
        double few = ((Number) ((Map<?, ?>) runs.get("fewShot")).get(metric)).doubleValue();
        double reb = ((Number) ((Map<?, ?>) runs.get("rebase")).get(metric)).doubleValue();
        double ora = ((Number) ((Map<?, ?>) runs.get("oracle")).get(metric)).doubleValue();
        return ora == few ? null : (reb - few) / (ora - few);
    }

    private record Split(List<GoldExample> eval, List<Example> pool) {
    }

    /** The optional knobs, read from the environment so that run.sh passes them through as is. */
    private record Settings(Integer maxSeqLength, float learningRate, long seed, boolean classBalance,
                            List<String> conditions, Path pipelineStages) {

        static Settings fromEnv() {
            String len = env("MAX_SEQ_LENGTH", "");
            String stages = env("PIPELINE_STAGES", "");
            return new Settings(len.isBlank() ? null : Integer.valueOf(len),
                    Float.parseFloat(env("LR", String.valueOf(TrainerConfig.defaults().learningRate()))),
                    Long.parseLong(env("SEED", "42")),
                    Boolean.parseBoolean(env("CLASS_BALANCE", String.valueOf(TrainerConfig.defaults().classBalance()))),
                    List.of(env("CONDITIONS", "fewShot,rebase,oracle").split(",")),
                    stages.isBlank() ? null : Path.of(stages));
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("maxSeqLength", maxSeqLength == null ? "task default" : maxSeqLength);
            m.put("learningRate", learningRate);
            m.put("seed", seed);
            m.put("classBalance", classBalance);
            return m;
        }
    }

    /**
     * Trains on {@code train} for the steps that {@code epochs} passes over the ReBase examples take, so that every
     * condition gets the same budget (QA examples differ in windows per example), and evaluates on {@code eval}.
     */
    private static Map<String, Object> trainAndEvaluate(TaskRequest task, String student, List<Example> train,
                                                        List<Example> budget, List<GoldExample> eval, int epochs,
                                                        Settings settings) {
        TaskSpec spec = TaskSpec.infer(task.taskType(), task.labels(), task.inputFields());
        if (settings.maxSeqLength() != null) {
            spec = spec.withMaxSeqLength(settings.maxSeqLength());
        }
        try (StudentModel model = StudentModel.create(PretrainedEncoders.byName(student), spec, Pooling.MEAN,
                Devices.preferred(), settings.seed())) {
            TrainerConfig defaults = TrainerConfig.defaults();
            int instances = model.featurizer().training(budget).instances().size();
            int steps = (int) Math.ceil(instances * (double) epochs / defaults.batchSize());
            StudentTrainer trainer = new StudentTrainer(model, defaults.withLearningRate(settings.learningRate())
                    .withSeed(settings.seed()).withClassBalance(settings.classBalance())
                    .withSchedule(Math.max(1, steps / 10), steps).withReplayRatio(0f));
            long t0 = System.nanoTime();
            var fit = trainer.fitSteps(train, steps);
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            EvalReport report = new Evaluator(model, 32).evaluate(eval);
            double evalSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> run = new LinkedHashMap<>(report.metrics());
            if (spec.type() == TaskType.CLASSIFICATION) {
                Map<String, Integer> predicted = new TreeMap<>();
                report.predictions().forEach(p -> predicted.merge(p.output(), 1, Integer::sum));
                run.put("predictedLabels", predicted);
            }
            run.put("steps", fit.steps().size());
            run.put("finalLoss", fit.steps().isEmpty() ? null : fit.steps().get(fit.steps().size() - 1).loss());
            run.put("trainSeconds", Math.round(trainSeconds * 10) / 10.0);
            run.put("evalSeconds", Math.round(evalSeconds * 10) / 10.0);
            run.put("seconds", Math.round((trainSeconds + evalSeconds) * 10) / 10.0);
            return run;
        }
    }

    private static Map<String, Integer> labelCounts(List<Example> examples) {
        Map<String, Integer> counts = new TreeMap<>();
        examples.forEach(e -> counts.merge(e.output(), 1, Integer::sum));
        return counts;
    }

    private static List<Example> readRebase(Path file, TaskRequest task) throws Exception {
        List<Example> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = Json.mapper().readTree(line);
            Map<String, String> input = new LinkedHashMap<>();
            for (String field : task.inputFields()) {
                input.put(field, row.path(field).asText(""));
            }
            out.add(new Example(input, row.path("output").asText(), null));
        }
        return out;
    }

    /** MNLI: the eval slice and the oracle pool are disjoint random halves of the pairs that are not task examples. */
    private static Split nliSplit(List<JsonNode> rows, TaskRequest task, int evalSize) {
        Set<String> examplePremises = new LinkedHashSet<>();
        task.examples().forEach(e -> examplePremises.add(e.input().get("premise")));
        List<JsonNode> usable = new ArrayList<>(rows.stream().filter(r -> !examplePremises.contains(r.path("premise").asText())).toList());
        Collections.shuffle(usable, new Random(7));
        List<GoldExample> eval = new ArrayList<>();
        List<Example> pool = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            JsonNode r = usable.get(i);
            Map<String, String> input = Map.of("premise", r.path("premise").asText(), "hypothesis", r.path("hypothesis").asText());
            if (i < evalSize) {
                eval.add(new GoldExample(input, List.of(r.path("label").asText())));
            } else {
                pool.add(new Example(input, r.path("label").asText(), null));
            }
        }
        return new Split(eval, pool);
    }

    /** SQuAD: articles of the task's examples are left out; eval questions and oracle rows come from different articles. */
    private static Split squadSplit(List<JsonNode> rows, TaskRequest task, int evalSize) {
        Set<String> exampleContexts = new LinkedHashSet<>();
        task.examples().forEach(e -> exampleContexts.add(e.input().get("context")));
        Set<String> excludedTitles = new LinkedHashSet<>();
        rows.stream().filter(r -> exampleContexts.contains(r.path("context").asText())).forEach(r -> excludedTitles.add(r.path("title").asText()));
        Map<String, List<JsonNode>> byTitle = new LinkedHashMap<>();
        rows.stream().filter(r -> !excludedTitles.contains(r.path("title").asText()))
                .forEach(r -> byTitle.computeIfAbsent(r.path("title").asText(), t -> new ArrayList<>()).add(r));
        List<String> titles = new ArrayList<>(byTitle.keySet());
        Collections.shuffle(titles, new Random(7));
        List<GoldExample> eval = new ArrayList<>();
        List<Example> pool = new ArrayList<>();
        for (String title : titles) {
            boolean forEval = eval.size() < evalSize;
            for (JsonNode r : byTitle.get(title)) {
                Map<String, String> input = Map.of("question", r.path("question").asText(), "context", r.path("context").asText());
                List<String> answers = new ArrayList<>();
                r.path("answers").forEach(a -> answers.add(a.asText()));
                if (forEval) {
                    if (eval.size() < evalSize) {
                        eval.add(new GoldExample(input, answers));
                    }
                } else {
                    pool.add(new Example(input, answers.get(0), null));
                }
            }
        }
        Collections.shuffle(pool, new Random(11));
        return new Split(eval, pool);
    }
}
