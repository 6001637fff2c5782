package io.rebase.trainer.report;

import io.rebase.trainer.decoder.DecoderStudent;
import io.rebase.trainer.decoder.Generation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A sample of a decoder task's generations (input, rationale, answer, gold) from the evaluation that produced the
 * served model: for the JSON and HTML reports. Empty for an encoder task.
 */
final class GenerationSamples {

    /** Generations shown at most. */
    static final int SHOWN = 10;

    private GenerationSamples() {}

    /** The first {@link #SHOWN} generations saved beside the served model, or an empty list. */
    static List<Generation> of(String modelPath) {
        if (modelPath == null || !Files.isDirectory(Path.of(modelPath))) {
            return List.of();
        }
        List<Generation> all = DecoderStudent.savedGenerations(Path.of(modelPath));
        return all.subList(0, Math.min(SHOWN, all.size()));
    }

    /** The section's body: a table of the sample, or nothing when there is none. */
    static String html(String modelPath) {
        List<Generation> sample = of(modelPath);
        if (sample.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<table><tr><th>input</th><th>rationale</th><th>answer</th><th>gold</th></tr>");
        for (Generation g : sample) {
            h.append("<tr><td>").append(HtmlReport.esc(String.valueOf(g.input()))).append("</td><td>")
                    .append(HtmlReport.esc(g.rationale())).append("</td><td><code>")
                    .append(HtmlReport.esc(g.answer() == null ? "" : g.answer())).append("</code></td><td><code>")
                    .append(HtmlReport.esc(g.gold() == null ? "" : g.gold())).append("</code></td></tr>");
        }
        return h.append("</table>").toString();
    }
}
