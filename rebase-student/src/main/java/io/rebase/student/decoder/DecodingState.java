package io.rebase.student.decoder;

import java.util.ArrayList;
import java.util.List;

/** Per-row progress of a batched decode: tokens so far, and whether (and why) each row finished. */
final class DecodingState {

    private final GenerationOptions options;
    private final TokenText text;
    private final List<List<Integer>> tokens = new ArrayList<>();
    private final String[] finish;
    private final String[] cutText;

    DecodingState(int batch, GenerationOptions options, TokenText text) {
        this.options = options;
        this.text = text;
        this.finish = new String[batch];
        this.cutText = new String[batch];
        for (int b = 0; b < batch; b++) {
            tokens.add(new ArrayList<>());
            if (options.maxNewTokens() == 0) {
                finish[b] = "length";
            }
        }
    }

    boolean finished(int row) {
        return finish[row] != null;
    }

    boolean done() {
        for (String f : finish) {
            if (f == null) {
                return false;
            }
        }
        return true;
    }

    /** Records the next token of a running row and returns it (it is fed to the next step). */
    int accept(int row, int token) {
        List<Integer> seq = tokens.get(row);
        seq.add(token);
        if (options.eosTokenIds().contains(token)) {
            finish[row] = "eos";
        } else if (!options.stopStrings().isEmpty() && stopped(row)) {
            finish[row] = "stop";
        } else if (seq.size() >= options.maxNewTokens()) {
            finish[row] = "length";
        }
        return token;
    }

    private boolean stopped(int row) {
        String decoded = text.decode(ids(row));
        for (String stop : options.stopStrings()) {
            int at = decoded.indexOf(stop);
            if (at >= 0) {
                cutText[row] = decoded.substring(0, at);
                return true;
            }
        }
        return false;
    }

    private int[] ids(int row) {
        return tokens.get(row).stream().mapToInt(Integer::intValue).toArray();
    }

    List<GeneratedSequence> results() {
        List<GeneratedSequence> out = new ArrayList<>();
        for (int b = 0; b < finish.length; b++) {
            int[] ids = ids(b);
            String decoded = cutText[b] != null ? cutText[b] : text == null ? null : text.decode(ids);
            out.add(new GeneratedSequence(ids, decoded, finish[b]));
        }
        return out;
    }
}
