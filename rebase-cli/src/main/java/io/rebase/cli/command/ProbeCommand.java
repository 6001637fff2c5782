package io.rebase.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rebase.cli.CliException;
import io.rebase.student.decoder.DecoderLoadException;
import io.rebase.student.decoder.DecoderProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rebase student probe}: loads a Hugging Face causal-LM folder (optionally with a PEFT adapter) and prints
 * one JSON object on stdout, {@code {"logits": [[...] per position], "loss": x, "greedy": [...]}}, to hold the
 * folder against reference numbers. Errors go to stderr.
 */
@Command(name = "probe", description = "Print the logits, loss and greedy tokens of a decoder folder as JSON.")
public class ProbeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Hugging Face causal-LM folder")
    Path model;

    @Option(names = "--adapter", description = "PEFT LoRA adapter folder")
    Path adapter;

    @Option(names = "--ids", required = true, description = "comma-separated input token ids")
    String ids;

    @Option(names = "--labels", description = "comma-separated labels, -100 for positions without loss")
    String labels;

    @Option(names = "--greedy", defaultValue = "0", description = "greedy new tokens to decode (default 0)")
    int greedy;

    @Override
    public Integer call() {
        return Commands.run(() -> {
            requireFolder(model, "--model");
            if (adapter != null) {
                requireFolder(adapter, "--adapter");
            }
            DecoderProbe.Result r;
            try {
                r = DecoderProbe.run(model, adapter, parse(ids, "--ids"), labels == null ? null : parse(labels, "--labels"),
                        greedy);
            } catch (DecoderLoadException | IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            System.out.println(toJson(r));
            return 0;
        });
    }

    static String toJson(DecoderProbe.Result r) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        ArrayNode logits = out.putArray("logits");
        for (float[] row : r.logits()) {
            ArrayNode a = logits.addArray();
            for (float v : row) {
                a.add(v);
            }
        }
        if (r.loss() == null) {
            out.putNull("loss");
        } else {
            out.put("loss", r.loss());
        }
        ArrayNode greedyNode = out.putArray("greedy");
        Arrays.stream(r.greedy()).forEach(greedyNode::add);
        return mapper.writeValueAsString(out);
    }

    private static void requireFolder(Path dir, String option) {
        if (!Files.isDirectory(dir)) {
            throw new CliException(option + " " + dir + " is not a folder");
        }
    }

    private static int[] parse(String csv, String option) {
        try {
            return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new CliException(option + " must be comma-separated integers, got '" + csv + "'");
        }
    }
}
