package io.rebase.student.decoder;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiny decoder fixtures of {@code shared/fixtures/decoder} (found in an ancestor folder of the working
 * directory, as the checkout's {@code ../shared}) and their {@code expected.json} cases, computed by the independent
 * numpy reference {@code shared/tools/decoder_reference.py}.
 */
final class DecoderFixtures {

    static final String LLAMA = "tiny-llama";
    static final String QWEN2 = "tiny-qwen2-bf16";

    private DecoderFixtures() {}

    /** One case of expected.json. */
    record Case(String model, int[] inputIds, int[] labels, float[][] logits, double loss, int[] greedy) {
        boolean withAdapter() {
            return model.equals("lora");
        }
    }

    /** The fixture folder; skips the calling test (with the reason) when the shared folder is absent. */
    static Path folder(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/fixtures/decoder").resolve(name);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "shared/fixtures/decoder/" + name + " not found above " + Path.of("").toAbsolutePath()
                + " (the shared data folder is not mounted)");
        return null;
    }

    static List<Case> cases(Path folder) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(folder.resolve("expected.json"))).getAsJsonObject();
        List<Case> out = new ArrayList<>();
        for (JsonElement e : json.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            var rows = c.getAsJsonArray("logits");
            float[][] logits = new float[rows.size()][];
            for (int i = 0; i < logits.length; i++) {
                var row = rows.get(i).getAsJsonArray();
                logits[i] = new float[row.size()];
                for (int j = 0; j < logits[i].length; j++) {
                    logits[i][j] = row.get(j).getAsFloat();
                }
            }
            out.add(new Case(c.get("model").getAsString(), ints(c, "input_ids"), ints(c, "labels"), logits,
                    c.get("loss").getAsDouble(), ints(c, "greedy_new_tokens")));
        }
        return out;
    }

    private static int[] ints(JsonObject o, String field) {
        var a = o.getAsJsonArray(field);
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }
}
