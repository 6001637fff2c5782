package io.rebase.student.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The optimiser position and replay bookkeeping of a checkpoint, the {@value StudentTrainer#STATE_FILE} file.
 *
 * @param step              optimiser steps taken
 * @param plannedTotalSteps the step at which the learning-rate decay reaches its floor
 * @param replaySeen        examples the replay memory has been offered
 * @param learningRate      the peak learning rate (recorded for inspection)
 * @param batchSize         the batch size (recorded for inspection)
 * @param seed              the seed (recorded for inspection)
 * @param labelCounts       examples received per label index; null in a checkpoint written before class balancing
 */
record TrainingState(int step, int plannedTotalSteps, long replaySeen, float learningRate, int batchSize, long seed,
                     long[] labelCounts) {

    static TrainingState read(Path file) throws IOException {
        JsonObject state = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        long[] counts = null;
        if (state.has("label_counts")) {
            JsonArray saved = state.getAsJsonArray("label_counts");
            counts = new long[saved.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = saved.get(i).getAsLong();
            }
        }
        return new TrainingState(state.get("step").getAsInt(), state.get("planned_total_steps").getAsInt(),
                state.get("replay_seen").getAsLong(), floatOr(state, "learning_rate"), intOr(state, "batch_size"),
                state.has("seed") ? state.get("seed").getAsLong() : 0, counts);
    }

    void write(Path file) throws IOException {
        JsonObject state = new JsonObject();
        state.addProperty("step", step);
        state.addProperty("planned_total_steps", plannedTotalSteps);
        state.addProperty("replay_seen", replaySeen);
        state.addProperty("learning_rate", learningRate);
        state.addProperty("batch_size", batchSize);
        state.addProperty("seed", seed);
        JsonArray counts = new JsonArray();
        for (long c : labelCounts == null ? new long[0] : labelCounts) {
            counts.add(c);
        }
        state.add("label_counts", counts);
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(state));
    }

    private static float floatOr(JsonObject o, String key) {
        return o.has(key) ? o.get(key).getAsFloat() : Float.NaN;
    }

    private static int intOr(JsonObject o, String key) {
        return o.has(key) ? o.get(key).getAsInt() : 0;
    }
}
