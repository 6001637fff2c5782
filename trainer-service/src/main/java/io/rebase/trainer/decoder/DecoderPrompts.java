package io.rebase.trainer.decoder;

import io.rebase.student.data.Example;
import io.rebase.student.decoder.CausalLmExample;
import io.rebase.student.decoder.CotTarget;
import io.rebase.student.decoder.TokenText;
import io.rebase.trainer.plan.PlanException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The texts a decoder student reads and writes. The prompt is the task's instruction, then each input field as
 * {@code field: value}, then {@code Answer:}; the target (after one space) is the rationale followed by the answer
 * line when the example has a rationale, the answer alone otherwise or with {@code answerOnly}, then EOS. The
 * in-context prompt puts the request's demonstrations, prompt and target each, before the query.
 */
public final class DecoderPrompts {

    /** The request field a prompt too long for the model is blamed on. */
    static final String LENGTH_FIELD = "training.maxSeqLength";

    private final String instruction;
    private final List<String> inputFields;
    private final TokenText text;
    private final int bos;
    private final int eos;
    private final int maxLength;
    private final boolean answerOnly;

    /**
     * @param bos       id put before every prompt, or -1 (Qwen2 has none)
     * @param maxLength the longest training sequence or prompt + new tokens: the task's length and the model's context
     */
    public DecoderPrompts(String instruction, List<String> inputFields, TokenText text, int bos, int eos,
                          int maxLength, boolean answerOnly) {
        this.instruction = instruction == null ? "" : instruction.strip();
        this.inputFields = List.copyOf(inputFields);
        this.text = text;
        this.bos = bos;
        this.eos = eos;
        this.maxLength = maxLength;
        this.answerOnly = answerOnly;
    }

    /** The prompt text of {@code input}. */
    public String promptText(Map<String, String> input) {
        StringBuilder sb = new StringBuilder(instruction);
        if (!sb.isEmpty()) {
            sb.append("\n\n");
        }
        for (String field : inputFields) {
            sb.append(field).append(": ").append(input.getOrDefault(field, "").strip()).append('\n');
        }
        return sb.append("Answer:").toString();
    }

    /** The target text of {@code e} (without the leading space and EOS). */
    public String targetText(Example e) {
        return CotTarget.text(e.rationale(), e.output().strip(), answerOnly);
    }

    /** The training sequence of {@code e}: prompt masked, target + EOS learned; null when it is longer than allowed. */
    public CausalLmExample training(Example e) {
        int[] prompt = prompt(e.input());
        int[] target = text.encode(" " + targetText(e));
        if (prompt.length + target.length + 1 > maxLength || target.length == 0) {
            return null;
        }
        return CausalLmExample.of(prompt, target, eos);
    }

    /** Prompt ids of {@code input}, checked to leave room for {@code newTokens}. */
    public int[] query(Map<String, String> input, int newTokens) {
        return checked(prompt(input), newTokens);
    }

    /**
     * Prompt ids of {@code input} after the {@code demonstrations} (prompt + target each), for the untrained base: as
     * many demonstrations, in order, as leave room for the query and {@code newTokens} (a small context takes fewer).
     */
    public int[] inContext(List<Example> demonstrations, Map<String, String> input, int newTokens) {
        int[] best = query(input, newTokens);
        StringBuilder shots = new StringBuilder();
        for (Example d : demonstrations) {
            shots.append(promptText(d.input())).append(' ').append(targetText(d)).append("\n\n");
            int[] ids = withBos(text.encode(shots + promptText(input)));
            if (ids.length + newTokens > maxLength) {
                break;
            }
            best = ids;
        }
        return best;
    }

    private int[] prompt(Map<String, String> input) {
        return withBos(text.encode(promptText(input)));
    }

    private int[] checked(int[] prompt, int newTokens) {
        if (prompt.length + newTokens > maxLength) {
            throw new PlanException(LENGTH_FIELD, "a prompt of " + prompt.length + " tokens plus " + newTokens
                    + " new tokens exceeds the " + maxLength + " the model and the task allow");
        }
        return prompt;
    }

    private int[] withBos(int[] ids) {
        if (bos < 0) {
            return ids;
        }
        int[] out = new int[ids.length + 1];
        out[0] = bos;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    /** The training sequences of {@code examples} and how many were too long to use. */
    public Sequences trainingAll(List<Example> examples) {
        List<CausalLmExample> out = new ArrayList<>();
        int dropped = 0;
        for (Example e : examples) {
            CausalLmExample s = e.output() == null || e.output().isBlank() ? null : training(e);
            if (s == null) {
                dropped++;
            } else {
                out.add(s);
            }
        }
        return new Sequences(out, dropped);
    }

    /** Training sequences and the count of examples dropped (empty output, or too long for the context). */
    public record Sequences(List<CausalLmExample> sequences, int dropped) {
    }

}
