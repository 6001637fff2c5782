package io.rebase.trainer.decoder;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.rebase.contracts.TaskType;
import io.rebase.student.decoder.LoraConfig;
import io.rebase.student.decoder.LoraTrainingConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a decoder student of one task is: its base model folder, the task's instruction, input fields, type and
 * labels, and the {@link DecoderOptions}. Saved as {@code decoder_task.json} beside each adapter, so a served model
 * and a resumed checkpoint rebuild the same prompts.
 *
 * @param baseModel   the Hugging Face causal-LM folder
 * @param instruction the task's instruction (starts every prompt)
 * @param inputFields the input fields, in prompt order
 * @param type        the task type (how answers are extracted and scored)
 * @param labels      classification labels, else empty
 * @param options     adapter, optimiser and decoding settings
 */
public record DecoderTask(String baseModel, String instruction, List<String> inputFields, TaskType type,
                          List<String> labels, DecoderOptions options) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public DecoderTask {
        inputFields = List.copyOf(inputFields);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** Writes the task as JSON. */
    public void write(Path file) throws IOException {
        Saved s = new Saved(baseModel, instruction, inputFields, type.wireName(), labels, options.lora().rank(),
                options.lora().alpha(), options.lora().dropout(), options.lora().targetModules(),
                options.optimiser().learningRate(), options.answerOnly(), options.maxNewTokens(), options.maxLength(),
                options.seed());
        Files.writeString(file, GSON.toJson(s));
    }

    /** Reads a task written by {@link #write}. */
    public static DecoderTask read(Path file) {
        try {
            Saved s = GSON.fromJson(Files.readString(file), Saved.class);
            DecoderOptions options = new DecoderOptions(new LoraConfig(s.loraRank, s.loraAlpha, s.loraDropout,
                    s.loraTargets, false), new LoraTrainingConfig(s.learningRate, 0.0, 1.0), s.answerOnly,
                    s.maxNewTokens, s.maxLength, s.seed);
            return new DecoderTask(s.baseModel, s.instruction, s.inputFields, TaskType.parse(s.taskType).orElseThrow(), s.labels, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON form (plain fields: Gson writes them as they are). */
    private static final class Saved {
        String baseModel;
        String instruction;
        List<String> inputFields;
        String taskType;
        List<String> labels;
        int loraRank;
        double loraAlpha;
        double loraDropout;
        List<String> loraTargets;
        double learningRate;
        boolean answerOnly;
        int maxNewTokens;
        int maxLength;
        long seed;

        Saved(String baseModel, String instruction, List<String> inputFields, String taskType, List<String> labels,
              int loraRank, double loraAlpha, double loraDropout, List<String> loraTargets, double learningRate,
              boolean answerOnly, int maxNewTokens, int maxLength, long seed) {
            this.baseModel = baseModel;
            this.instruction = instruction;
            this.inputFields = inputFields;
            this.taskType = taskType;
            this.labels = labels;
            this.loraRank = loraRank;
            this.loraAlpha = loraAlpha;
            this.loraDropout = loraDropout;
            this.loraTargets = loraTargets;
            this.learningRate = learningRate;
            this.answerOnly = answerOnly;
            this.maxNewTokens = maxNewTokens;
            this.maxLength = maxLength;
            this.seed = seed;
        }
    }
}
